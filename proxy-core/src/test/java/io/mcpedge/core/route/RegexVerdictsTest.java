package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RegexVerdictsTest {

  private final Pattern static_ = Pattern.compile("\\.(css|js)$");

  @Test
  void remembersVerdictsAndAnswersAsTheExpressionDoes() {
    RegexVerdicts v = new RegexVerdicts(static_);
    for (int round = 0; round < 3; round++) {
      assertThat(v.find("/app.js")).isTrue();
      assertThat(v.find("/app.json")).isFalse();
      assertThat(v.find("/a/b.css")).isTrue();
    }
    assertThat(v.remembered()).isEqualTo(3);
  }

  @Test
  void staysBoundedAndRightPastItsCapacity() {
    RegexVerdicts v = new RegexVerdicts(static_);
    for (int i = 0; i < RegexVerdicts.CAPACITY * 3; i++) {
      boolean js = i % 3 == 0;
      String path = "/p" + i + (js ? ".js" : ".txt");
      assertThat(v.find(path)).as(path).isEqualTo(js);
      assertThat(v.find(path)).as(path + " again").isEqualTo(js);
      assertThat(v.remembered()).isLessThanOrEqualTo(RegexVerdicts.CAPACITY);
    }
  }

  @Test
  void longPathsAreAnsweredButNotRemembered() {
    RegexVerdicts v = new RegexVerdicts(static_);
    String longPath = "/" + "x".repeat(RegexVerdicts.MAX_PATH) + ".js";
    assertThat(v.find(longPath)).isTrue();
    assertThat(v.find(longPath.replace(".js", ".md"))).isFalse();
    assertThat(v.remembered()).isZero();
  }
}
