package io.mcpedge.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/2 frames written byte by byte over a plain socket (prior knowledge, RFC 9113 §3.3), for
 * attacks no client library sends: header blocks split into endless CONTINUATION frames, streams
 * opened and reset at once, HPACK that decodes to far more than it weighs. Header blocks are
 * encoded as literals without indexing (RFC 7541 §6.2.2), with the pseudo-header fields from the
 * static table.
 */
final class H2Wire implements AutoCloseable {

  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int GOAWAY = 0x7;
  static final int CONTINUATION = 0x9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;

  /** One frame as read back from the proxy. */
  record Frame(int type, int flags, int stream, byte[] payload) {}

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  /** Connects and sends the connection preface and an empty SETTINGS frame. */
  H2Wire(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /** A header block: GET {@code path} with authority {@code localhost}, then {@code fields}. */
  static byte[] requestBlock(String path, String... fields) {
    return block("GET", path, fields);
  }

  /** A header block: {@code method} {@code path} with authority {@code localhost}, then fields. */
  static byte[] block(String method, String path, String... fields) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    literal(b, ":method", method);
    b.write(0x86); // :scheme http
    literal(b, ":path", path);
    literal(b, ":authority", "localhost");
    for (int i = 0; i < fields.length; i += 2) {
      literal(b, fields[i], fields[i + 1]);
    }
    return b.toByteArray();
  }

  /** A literal header field without indexing, new name (RFC 7541 §6.2.2). */
  static void literal(ByteArrayOutputStream b, String name, String value) {
    b.write(0x00);
    string(b, name.getBytes(StandardCharsets.ISO_8859_1));
    string(b, value.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void string(ByteArrayOutputStream b, byte[] s) {
    integer(b, 0, 7, s.length);
    b.write(s, 0, s.length);
  }

  /** An HPACK integer (RFC 7541 §5.1) with {@code first}'s high bits and an n-bit prefix. */
  static void integer(ByteArrayOutputStream b, int first, int n, long value) {
    int max = (1 << n) - 1;
    if (value < max) {
      b.write(first | (int) value);
      return;
    }
    b.write(first | max);
    value -= max;
    while (value >= 128) {
      b.write((int) (value % 128 + 128));
      value /= 128;
    }
    b.write((int) value);
  }

  /** Writes one frame and flushes it. */
  void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    byte[] h = new byte[9];
    h[0] = (byte) (payload.length >>> 16);
    h[1] = (byte) (payload.length >>> 8);
    h[2] = (byte) payload.length;
    h[3] = (byte) type;
    h[4] = (byte) flags;
    h[5] = (byte) (stream >>> 24);
    h[6] = (byte) (stream >>> 16);
    h[7] = (byte) (stream >>> 8);
    h[8] = (byte) stream;
    out.write(h);
    out.write(payload);
    out.flush();
  }

  /** A request on {@code stream}: HEADERS with END_HEADERS and END_STREAM. */
  void request(int stream, byte[] block) throws IOException {
    frame(HEADERS, END_HEADERS | END_STREAM, stream, block);
  }

  /** RST_STREAM with CANCEL (0x8). */
  void reset(int stream) throws IOException {
    frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
  }

  /** The next frame, or {@code null} when the proxy closed the connection or stayed silent. */
  Frame read() throws IOException {
    try {
      int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7fffffff;
      byte[] payload = in.readNBytes(length);
      return new Frame(type, flags, stream, payload);
    } catch (EOFException | SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null; // reset by the proxy
    }
  }

  /** Reads until a frame of {@code type} arrives; {@code null} when the connection ends first. */
  Frame await(int type) throws IOException {
    Frame f;
    while ((f = read()) != null) {
      if (f.type() == type) {
        return f;
      }
    }
    return null;
  }

  /**
   * Whether the proxy closed the connection (reads end), reading and dropping frames until then.
   */
  boolean closedWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      while (in.read(new byte[4096]) >= 0) {
        // frames the proxy sent before it closed
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
