package io.mcpedge.core.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class CredentialHashTest {

  @Test
  @DisplayName("the hand-made base64url matches java.util.Base64 on every byte value")
  void base64UrlMatchesTheJdk() {
    Random random = new Random(42);
    Base64.Encoder jdk = Base64.getUrlEncoder().withoutPadding();
    for (int round = 0; round < 2000; round++) {
      byte[] digest = new byte[32];
      random.nextBytes(digest);
      if (round < 256) {
        Arrays.fill(digest, (byte) round); // every value in every position
      }
      assertThat(CredentialHash.base64Url128(digest))
          .isEqualTo(jdk.encodeToString(Arrays.copyOf(digest, 16)));
    }
  }
}
