package io.mcpedge.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The one definition of a request's credential, and the name every policy knows it by. */
@Timeout(10)
class CredentialTest {

  private static final List<String> COOKIES = List.of("jwt_token", "access_token");

  /** Header lines in order; names compare case-insensitively, as HTTP field names do. */
  private record Lines(String... nameValues) implements HeaderLookup {
    @Override
    public String get(CharSequence name) {
      List<String> all = getAll(name);
      return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public List<String> getAll(CharSequence name) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < nameValues.length; i += 2) {
        if (nameValues[i].equalsIgnoreCase(name.toString())) {
          out.add(nameValues[i + 1]);
        }
      }
      return out;
    }
  }

  /**
   * configured header, request lines, the material hashed ({@code null}: no credential), the
   * affinity key.
   */
  static Stream<Arguments> requests() {
    return Stream.of(
        row("Authorization", new Lines("Authorization", "Bearer a"), "h=Bearer a\n", "Bearer a"),
        row("Authorization", new Lines("authorization", "Bearer a"), "h=Bearer a\n", "Bearer a"),
        row("authorization", new Lines("AUTHORIZATION", "Bearer a"), "h=Bearer a\n", "Bearer a"),
        row(
            "Authorization",
            new Lines("Authorization", " Bearer a "),
            "h=Bearer a\n",
            " Bearer a "),
        // Only the first line counts, as the gateway reads it.
        row(
            "Authorization",
            new Lines("Authorization", "Bearer a", "Authorization", "Bearer b"),
            "h=Bearer a\n",
            "Bearer a"),
        row("Authorization", new Lines("Cookie", "jwt_token=x"), "c=jwt_token=x\n", "x"),
        row(
            "Authorization",
            new Lines("Cookie", "theme=dark; jwt_token=x"),
            "c=jwt_token=x\n",
            "x"),
        // Several cookies: the configured order, whatever the request's order or lines.
        row(
            "Authorization",
            new Lines("Cookie", "access_token=y; jwt_token=x"),
            "c=jwt_token=x\nc=access_token=y\n",
            "x"),
        row(
            "Authorization",
            new Lines("Cookie", "jwt_token=x; access_token=y"),
            "c=jwt_token=x\nc=access_token=y\n",
            "x"),
        row(
            "Authorization",
            new Lines("Cookie", "access_token=y", "Cookie", "jwt_token=x"),
            "c=jwt_token=x\nc=access_token=y\n",
            "x"),
        row("Authorization", new Lines("Cookie", "access_token=y"), "c=access_token=y\n", "y"),
        row(
            "Authorization",
            new Lines("Cookie", "jwt_token=x", "Authorization", "Bearer a"),
            "h=Bearer a\nc=jwt_token=x\n",
            "Bearer a"),
        // Absent credentials: other cookies, look-alike names, nothing at all.
        row("Authorization", new Lines("Cookie", "theme=dark"), null, null),
        row("Authorization", new Lines("Cookie", "xjwt_token=1; jwt_tokenx=2"), null, null),
        row("Authorization", new Lines("Accept", "*/*"), null, null),
        row("Authorization", new Lines(), null, null),
        // The configured header replaces Authorization; the cookies still count.
        row("X-Api-Key", new Lines("x-api-key", "k1"), "h=k1\n", "k1"),
        row("X-Api-Key", new Lines("Authorization", "Bearer a"), null, null),
        row("X-Api-Key", new Lines("Cookie", "jwt_token=x"), "c=jwt_token=x\n", "x"),
        row(null, new Lines("Authorization", "Bearer a"), null, null));
  }

  private static Arguments row(String header, Lines lines, String material, String affinity) {
    return Arguments.of(header, lines, material, affinity);
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @MethodSource("requests")
  void namesTheMaterialOfTheCredential(String header, Lines lines, String material, String affinity)
      throws Exception {
    Credential credential = new Credential(header, COOKIES);
    String expected = material == null ? null : sha256Base64Url128(material);
    assertThat(credential.hash(lines)).isEqualTo(expected);
    assertThat(credential.hash(lines)).isEqualTo(expected); // the thread's digest starts afresh
    assertThat(credential.present(lines)).isEqualTo(material != null);
    assertThat(credential.affinityKey(lines)).isEqualTo(affinity);
  }

  @Test
  void aHeaderValueAloneIsNamedAsTheRequestCarryingItWouldBe() {
    Credential credential = new Credential("Authorization", COOKIES);
    assertThat(credential.hashHeaderValue(" sk-live-1 "))
        .isEqualTo(credential.hash(new Lines("Authorization", "sk-live-1")))
        .hasSize(22)
        .doesNotContain("sk-live");
    assertThat(credential.hashHeaderValue(null)).isNull();
  }

  @Test
  void theHeaderNameIsKeptInLowercaseAndInterned() {
    String name = new Credential("X-Api-Key", List.of()).header();
    assertThat(name).isEqualTo("x-api-key").isSameAs("x-api-key");
    assertThat(new Credential(null, List.of()).header()).isNull();
  }

  private static String sha256Base64Url128(String material) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
  }
}
