package io.mcpedge.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a listener's certificate, key and CA files, read together, and their SHA-256. Files
 * are read through their paths, so a Kubernetes Secret's {@code ..data} symlink swap is seen as a
 * change of content; comparing digests rather than modification times also ignores a touch that
 * changes nothing.
 */
final class TlsFiles {

  private final Map<String, byte[]> contents;
  private final String digest;

  private TlsFiles(Map<String, byte[]> contents, String digest) {
    this.contents = contents;
    this.digest = digest;
  }

  /** Reads every file of {@code paths}; blocking I/O, so never on an event loop. */
  static TlsFiles read(List<String> paths) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String p : paths) {
      if (!out.containsKey(p)) {
        byte[] b = Files.readAllBytes(Path.of(p));
        out.put(p, b);
        sha.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(b);
      }
    }
    return new TlsFiles(out, HexFormat.of().formatHex(sha.digest()));
  }

  byte[] bytes(String path) {
    return contents.get(path);
  }

  String digest() {
    return digest;
  }
}
