package io.mcpedge.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A raw HTTP/1.1 client for request heads that no library would write: absolute-form targets,
 * backslashes, NUL bytes, repeated or folded {@code Host} fields, pipelined requests. It sends
 * bytes as given (ISO-8859-1) and reads the answers the proxy writes back.
 */
final class RawHttp {

  /** One answer: its status and its body (for content-length and chunked framing). */
  record Answer(int status, String head, String body) {}

  private RawHttp() {}

  /** Sends {@code request} on a new connection and reads one answer. */
  static Answer exchange(int port, String request) throws IOException {
    List<Answer> answers = exchange(port, request, 1);
    return answers.get(0);
  }

  /**
   * Sends {@code requests} on a new connection and reads up to {@code count} answers, fewer when
   * the proxy closes the connection or stays silent for 5 s.
   */
  static List<Answer> exchange(int port, String requests, int count) throws IOException {
    List<Answer> answers = new ArrayList<>();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5_000);
      s.getOutputStream().write(requests.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      while (answers.size() < count) {
        Answer a = read(in);
        if (a == null) {
          break;
        }
        answers.add(a);
      }
    }
    return answers;
  }

  private static Answer read(InputStream in) throws IOException {
    String head;
    try {
      head = line(in, true);
    } catch (SocketTimeoutException e) {
      return null;
    }
    if (head == null) {
      return null;
    }
    int status = Integer.parseInt(head.substring(9, 12));
    String lower = head.toLowerCase(Locale.ROOT);
    String body;
    if (lower.contains("\r\ntransfer-encoding: chunked")) {
      StringBuilder sb = new StringBuilder();
      int size;
      while ((size = Integer.parseInt(line(in, false).trim(), 16)) > 0) {
        sb.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
        line(in, false);
      }
      while (!line(in, false).isEmpty()) {
        // the trailer section
      }
      body = sb.toString();
    } else {
      int at = lower.indexOf("\r\ncontent-length: ");
      int length = 0;
      if (at >= 0) {
        int end = lower.indexOf("\r\n", at + 2);
        length = Integer.parseInt(lower.substring(at + 18, end).trim());
      }
      body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }
    return new Answer(status, head, body);
  }

  /** A line without its CRLF or, with {@code wholeHead}, a head up to its empty line. */
  private static String line(InputStream in, boolean wholeHead) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String end = wholeHead ? "\r\n\r\n" : "\r\n";
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      String text = out.toString(StandardCharsets.ISO_8859_1);
      if (text.endsWith(end)) {
        return text.substring(0, text.length() - end.length() + (wholeHead ? 2 : 0));
      }
    }
    if (out.size() > 0 && !wholeHead) {
      throw new IOException("connection closed in a line: " + out);
    }
    return null;
  }
}
