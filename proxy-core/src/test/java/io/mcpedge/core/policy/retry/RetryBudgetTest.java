package io.mcpedge.core.policy.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryBudgetTest {

  private static int grant(RetryBudget budget, int attempts) {
    int granted = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryAcquireRetry()) {
        granted++;
      }
    }
    return granted;
  }

  @ParameterizedTest(name = "{0}% of {2} active, min {1}: {3} retries")
  @CsvSource({
    "20, 3, 100, 20",
    "20, 3, 10, 3",
    "20, 0, 4, 0",
    "20, 0, 5, 1",
    "20, 3, 1000, 200",
    "0, 3, 1000, 3",
    "100, 0, 7, 7",
    "50, 10, 0, 10",
  })
  void capsRetriesInFlight(int percent, int min, int active, int expected) {
    RetryBudget budget = new RetryBudget(percent, min);
    for (int i = 0; i < active; i++) {
      budget.onRequestStart();
    }
    assertThat(grant(budget, active + 50)).isEqualTo(expected);
    assertThat(budget.activeRetries()).isEqualTo(expected);
    assertThat(budget.rejections()).isEqualTo(active + 50 - expected);
  }

  @Test
  void releasedRetriesAndEndingRequestsMoveTheCap() {
    RetryBudget budget = new RetryBudget(20, 0);
    for (int i = 0; i < 10; i++) {
      budget.onRequestStart();
    }
    assertThat(grant(budget, 5)).isEqualTo(2);
    assertThat(budget.releaseRetry()).isTrue();
    assertThat(grant(budget, 5)).isEqualTo(1);

    for (int i = 0; i < 5; i++) {
      budget.onRequestEnd();
    }
    budget.releaseRetry();
    assertThat(budget.activeRetries()).isEqualTo(1);
    assertThat(grant(budget, 5)).as("5 active -> 1 retry, already taken").isZero();
  }

  @Test
  void countersNeverGoNegative() {
    RetryBudget budget = new RetryBudget(20, 1);
    assertThat(budget.releaseRetry()).isFalse();
    assertThat(budget.onRequestEnd()).isFalse();
    assertThat(budget.activeRequests()).isZero();
    assertThat(budget.activeRetries()).isZero();
    assertThat(grant(budget, 3)).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "101, 3, budgetPercent: 101 (expected: 0..100)",
    "-1, 3, budgetPercent: -1 (expected: 0..100)",
    "20, -1, minRetryConcurrency: -1 (expected: >= 0)",
  })
  void rejectsNonsense(int percent, int min, String message) {
    assertThatThrownBy(() -> new RetryBudget(percent, min)).hasMessage(message);
  }
}
