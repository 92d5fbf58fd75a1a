package io.mcpedge.core.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one hash that names a secret the edge must not keep (a credential, an API key): SHA-256
 * truncated to 128 bits, in unpadded base64url (RFC 4648 §5), 22 characters. Cache keys and
 * rate-limit buckets hold these names, so the store and the bucket map hold no secret and their
 * keys have a bounded size whatever the client sends.
 */
public final class CredentialHash {

  private static final byte[] BASE64_URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
          .getBytes(StandardCharsets.US_ASCII);

  /**
   * One digest per thread (an event loop hashes a credential on every per-credential request): a
   * digest is reset when it completes, so it is reused, and neither the provider lookup of {@link
   * MessageDigest#getInstance} nor a clone is paid per request.
   */
  private final ThreadLocal<MessageDigest> digests =
      ThreadLocal.withInitial(CredentialHash::sha256);

  /** The calling thread's digest, reset; feed it and finish with {@link #finish}. */
  MessageDigest begin() {
    return digests.get();
  }

  /** The name of what {@code digest} was fed; resets it for the thread's next use. */
  static String finish(MessageDigest digest) {
    return base64Url128(digest.digest());
  }

  /**
   * The first 128 bits of {@code digest} in unpadded base64url (RFC 4648 §5): 22 characters, the
   * same text as {@code Base64.getUrlEncoder().withoutPadding()} gives, without its buffers.
   */
  static String base64Url128(byte[] digest) {
    byte[] out = new byte[22];
    int o = 0;
    for (int i = 0; i < 15; i += 3) {
      int bits = (digest[i] & 0xff) << 16 | (digest[i + 1] & 0xff) << 8 | (digest[i + 2] & 0xff);
      out[o++] = BASE64_URL[bits >>> 18];
      out[o++] = BASE64_URL[(bits >>> 12) & 0x3f];
      out[o++] = BASE64_URL[(bits >>> 6) & 0x3f];
      out[o++] = BASE64_URL[bits & 0x3f];
    }
    int last = digest[15] & 0xff;
    out[o++] = BASE64_URL[last >>> 2];
    out[o] = BASE64_URL[(last & 0x3) << 4];
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
