package io.mcpedge.server.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small PKI made in the test with the {@code openssl} command: a CA, server certificates with the
 * SAN names asked for, and client certificates. Keys are EC P-256 in PKCS#8, or RSA in PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, as cert-manager writes by default) when asked.
 */
public final class TestPki {

  private final Path dir;
  private final String ca;

  /** A new CA in {@code dir} named {@code name}. */
  public TestPki(Path dir, String name) throws IOException, InterruptedException {
    this.dir = dir;
    this.ca = name;
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  public Path caCert() {
    return dir.resolve(ca + ".crt");
  }

  /** A server certificate for {@code names} (DNS names; {@code 127.0.0.1} always added). */
  public Path[] server(String file, boolean pkcs1Rsa, String... names)
      throws IOException, InterruptedException {
    StringBuilder san = new StringBuilder("subjectAltName=IP:127.0.0.1");
    for (String n : names) {
      san.append(",DNS:").append(n);
    }
    return issue(
        file,
        pkcs1Rsa,
        names.length == 0 ? "server" : names[0],
        san + "\nextendedKeyUsage=serverAuth\n");
  }

  /** A client certificate with subject {@code CN=cn}. */
  public Path[] client(String file, String cn) throws IOException, InterruptedException {
    return issue(file, false, cn, "extendedKeyUsage=clientAuth\n");
  }

  private Path[] issue(String file, boolean pkcs1Rsa, String cn, String ext)
      throws IOException, InterruptedException {
    if (pkcs1Rsa) {
      openssl("genrsa", "-traditional", "-out", file + ".key", "2048");
      openssl("req", "-new", "-key", file + ".key", "-out", file + ".csr", "-subj", "/CN=" + cn);
    } else {
      openssl(
          "req",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-keyout",
          file + ".key",
          "-out",
          file + ".csr",
          "-subj",
          "/CN=" + cn);
    }
    Files.writeString(dir.resolve(file + ".ext"), "basicConstraints=CA:FALSE\n" + ext);
    byte[] serial = new byte[8];
    new SecureRandom().nextBytes(serial);
    serial[0] &= 0x7f;
    openssl(
        "x509",
        "-req",
        "-in",
        file + ".csr",
        "-CA",
        ca + ".crt",
        "-CAkey",
        ca + ".key",
        "-set_serial",
        "0x" + HexFormat.of().formatHex(serial),
        "-days",
        "2",
        "-out",
        file + ".crt",
        "-extfile",
        file + ".ext");
    return new Path[] {dir.resolve(file + ".crt"), dir.resolve(file + ".key")};
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(cmd + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** The leaf certificate of a PEM file. */
  public static X509Certificate leaf(Path pem) throws Exception {
    return PemFiles.certificates(Files.readAllBytes(pem), pem.toString()).get(0);
  }

  /** A client context trusting {@code ca}, presenting {@code certAndKey} when not null. */
  public static SSLContext clientContext(Path ca, Path[] certAndKey) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate c : PemFiles.certificates(Files.readAllBytes(ca), ca.toString())) {
      trust.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (certAndKey != null) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] pw = "test".toCharArray();
      keys.setKeyEntry(
          "client",
          PemFiles.privateKey(Files.readAllBytes(certAndKey[1]), "key"),
          pw,
          PemFiles.certificates(Files.readAllBytes(certAndKey[0]), "crt")
              .toArray(new X509Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, pw);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  static X509Certificate parse(byte[] der) throws GeneralSecurityException {
    return (X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
  }
}
