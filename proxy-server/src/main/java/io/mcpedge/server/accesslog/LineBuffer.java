package io.mcpedge.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a batch of access-log lines, UTF-8 encoded as they are formatted, so that a batch
 * goes to the output as it is: no {@code String} or {@code char} copy of it is ever made. It grows
 * as needed and is reused batch after batch. One thread owns it at a time: the event loop that
 * formats into it, then, once handed over whole, the writer thread that writes it and puts it back
 * on the free list (the queues between them publish its content); not thread-safe.
 */
final class LineBuffer {

  private byte[] bytes;
  private int length;
  private int lines;

  LineBuffer(int capacity) {
    this.bytes = new byte[capacity];
  }

  int length() {
    return length;
  }

  /** Whole lines in the buffer. */
  int lines() {
    return lines;
  }

  /** Records that a whole line (its line feed included) was put. */
  void lineEnded() {
    lines++;
  }

  /** Makes room for {@code n} more bytes; returns the array to write them to at {@link #length}. */
  byte[] reserve(int n) {
    if (length + n > bytes.length) {
      byte[] grown = new byte[Math.max(bytes.length * 2, length + n)];
      System.arraycopy(bytes, 0, grown, 0, length);
      bytes = grown;
    }
    return bytes;
  }

  /**
   * Records that {@code n} bytes were written at {@link #length} of the array {@link #reserve}d.
   */
  void advance(int n) {
    length += n;
  }

  void put(byte b) {
    reserve(1)[length++] = b;
  }

  void put(byte[] b) {
    System.arraycopy(b, 0, reserve(b.length), length, b.length);
    length += b.length;
  }

  /** Writes the buffered bytes to {@code out} in one call. */
  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  /** Empties the buffer; gives back its memory if one huge line grew it past {@code keep}. */
  void clear(int keep) {
    length = 0;
    lines = 0;
    if (bytes.length > keep) {
      bytes = new byte[keep];
    }
  }

  /** The content as text (for tests). */
  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
