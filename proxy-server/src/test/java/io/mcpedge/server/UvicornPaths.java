package io.mcpedge.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The path a server that decodes a target once, as Uvicorn does, acts on. */
final class UvicornPaths {

  private UvicornPaths() {}

  /** {@code target}'s path with every {@code %XX} decoded once, the query left off. */
  static String decodeOnce(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        out.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
