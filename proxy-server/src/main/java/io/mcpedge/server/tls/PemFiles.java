package io.mcpedge.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificate chains and private keys as a Kubernetes TLS Secret holds them: {@code
 * tls.crt} with the leaf first, {@code tls.key} as PKCS#8 ({@code BEGIN PRIVATE KEY}) or as the
 * PKCS#1 RSA key cert-manager writes by default ({@code BEGIN RSA PRIVATE KEY}, RFC 8017 §A.1.2),
 * which the JDK cannot read alone and is wrapped into PKCS#8 here (RFC 5208 §5).
 */
public final class PemFiles {

  private static final Pattern KEY =
      Pattern.compile(
          "-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  /** AlgorithmIdentifier rsaEncryption with NULL parameters (RFC 8017 §A.1). */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PemFiles() {}

  /** The certificates of a PEM chain, leaf first. */
  public static List<X509Certificate> certificates(byte[] pem, String file)
      throws GeneralSecurityException {
    List<X509Certificate> out = new ArrayList<>();
    for (var c :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem))) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new GeneralSecurityException(
          file + ": no PEM certificate (expected: BEGIN CERTIFICATE)");
    }
    return out;
  }

  /** The private key of a PEM file (PKCS#8, or PKCS#1 RSA). */
  public static PrivateKey privateKey(byte[] pem, String file) throws GeneralSecurityException {
    Matcher m = KEY.matcher(new String(pem, StandardCharsets.US_ASCII));
    if (!m.find()) {
      throw new GeneralSecurityException(
          file + ": no PEM private key (expected: BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    switch (m.group(1)) {
      case "RSA PRIVATE KEY":
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8(der)));
      case "EC PRIVATE KEY":
        throw new GeneralSecurityException(
            file
                + ": SEC1 EC key (expected: PKCS#8, BEGIN PRIVATE KEY; cert-manager: encoding PKCS8)");
      default:
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
          try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (GeneralSecurityException e) {
            // try the next algorithm
          }
        }
        throw new GeneralSecurityException(file + ": unreadable PKCS#8 private key");
    }
  }

  /**
   * Proves that {@code key} belongs to {@code leaf} by signing and verifying a few bytes: a file
   * pair caught half-written (new key, old certificate) must not replace a working pair.
   */
  public static void checkPair(PrivateKey key, X509Certificate leaf, String file)
      throws GeneralSecurityException {
    GeneralSecurityException mismatch =
        new GeneralSecurityException(
            file
                + ": the key does not match the certificate (expected: the key of the first"
                + " certificate of the chain)");
    if (!key.getAlgorithm().equals(leaf.getPublicKey().getAlgorithm())) {
      throw mismatch;
    }
    String alg =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    byte[] probe = "mcp-edge key check".getBytes(StandardCharsets.US_ASCII);
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(leaf.getPublicKey());
    v.update(probe);
    if (!v.verify(sig)) {
      throw mismatch;
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
  private static byte[] pkcs8(byte[] pkcs1) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {0x02, 0x01, 0x00});
    body.writeBytes(RSA_ALGORITHM);
    body.writeBytes(tlv(0x04, pkcs1));
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
