package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store owns one reference of each stored entry's body and gives it back on every way out:
 * replacement, removal, purge, eviction and close; a reader after that cannot take one.
 */
@Timeout(10)
class BodyOwnershipTest {

  private final CountedStorage storage = new CountedStorage();
  private final TestCache t = new TestCache(1 << 20, 64 * 1024, storage, 1 << 20);

  private StoredResponse store(String target, String body, String... headers) {
    t.fetchBody(TestCache.RFC, TestCache.get(target), 200, body, headers);
    return t.lookup(TestCache.RFC, TestCache.get(target)).entry();
  }

  private static CountedStorage.Counted counted(StoredResponse e) {
    return (CountedStorage.Counted) e.body();
  }

  @Test
  void storedEntryHoldsOneReferenceAndReadsItsBytes() {
    StoredResponse e = store("/a", "hello", "Cache-Control", "max-age=60");
    assertThat(counted(e).refs).isEqualTo(1);
    assertThat(new String(e.body().bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("hello");
  }

  @Test
  void acquireAfterTheLastReleaseFails() {
    StoredResponse e = store("/a", "hello", "Cache-Control", "max-age=60");
    assertThat(e.body().tryAcquire()).isTrue();
    e.body().release();
    t.cache.store().invalidate(e.key().uri());
    assertThat(e.body().tryAcquire()).isFalse();
    assertThat(e.body().bytes()).isNull();
  }

  @Test
  void aReaderKeepsTheBodyPastItsRemoval() {
    StoredResponse e = store("/a", "hello", "Cache-Control", "max-age=60");
    assertThat(e.body().tryAcquire()).isTrue();
    t.cache.store().invalidate(e.key().uri());
    assertThat(counted(e).refs).isEqualTo(1);
    assertThat(e.body().bytes()).isNotNull();
    e.body().release();
    assertThat(storage.live()).isZero();
  }

  @Test
  void replacingAVariantReleasesTheOldBody() {
    StoredResponse first = store("/a", "one", "Cache-Control", "max-age=1");
    t.clock.advanceSeconds(5);
    StoredResponse second = store("/a", "two", "Cache-Control", "max-age=60");
    assertThat(second).isNotSameAs(first);
    assertThat(counted(first).refs).isZero();
    assertThat(counted(second).refs).isEqualTo(1);
  }

  @Test
  void putOfAnEntryStoredAlreadyKeepsOneReference() {
    StoredResponse e = store("/a", "one", "Cache-Control", "max-age=60");
    assertThat(e.body().tryAcquire()).isTrue(); // the reference put hands over
    t.cache.store().put(e);
    assertThat(counted(e).refs).isEqualTo(1);
  }

  @Test
  void removeAndPurgeAndBanAndInvalidateAllRelease() {
    StoredResponse a = store("/a", "a", "Cache-Control", "max-age=60");
    StoredResponse b = store("/b", "b", "Cache-Control", "max-age=60");
    StoredResponse c = store("/c/1", "c", "Cache-Control", "max-age=60");
    StoredResponse d = store("/d", "d", "Cache-Control", "max-age=60");
    t.cache.store().remove(a);
    t.cache.store().invalidate(b.key().uri());
    t.cache.store().ban(java.util.regex.Pattern.compile("/c/"));
    t.cache.store().invalidateAll();
    assertThat(List.of(a, b, c, d)).allSatisfy(e -> assertThat(counted(e).refs).isZero());
  }

  @Test
  void removingOneOfSeveralVariantsReleasesOnlyIt() {
    String[] vary = {"Cache-Control", "max-age=60", "Vary", "Accept-Encoding"};
    t.fetchBody(TestCache.RFC, TestCache.get("/v", "Accept-Encoding", "br"), 200, "br", vary);
    t.fetchBody(TestCache.RFC, TestCache.get("/v", "Accept-Encoding", "gzip"), 200, "gz", vary);
    StoredResponse br = t.cache.store().find(keyOf("/v"), Fields.of("Accept-Encoding", "br"));
    StoredResponse gz = t.cache.store().find(keyOf("/v"), Fields.of("Accept-Encoding", "gzip"));
    t.cache.store().remove(br);
    assertThat(counted(br).refs).isZero();
    assertThat(counted(gz).refs).isEqualTo(1);
  }

  @Test
  void evictionReleases() {
    TestCache small = new TestCache(8 * 1024, 4 * 1024, storage, 8 * 1024);
    for (int i = 0; i < 20; i++) {
      small.fetchBody(
          TestCache.RFC,
          TestCache.get("/e" + i),
          200,
          "x".repeat(2000),
          "Cache-Control",
          "max-age=60");
    }
    small.cache.store().cleanUp();
    assertThat(small.cache.store().evictions()).isPositive();
    assertThat(storage.live()).isEqualTo(small.cache.store().keyCount());
  }

  @Test
  void closeReleasesEveryBody() {
    for (int i = 0; i < 10; i++) {
      store("/k" + i, "body " + i, "Cache-Control", "max-age=60");
    }
    assertThat(storage.live()).isEqualTo(10);
    t.cache.close();
    assertThat(storage.live()).isZero();
  }

  @Test
  void notModifiedMovesTheReferenceToTheUpdatedEntry() {
    store("/r", "body", "Cache-Control", "max-age=10", "ETag", "\"v1\"");
    t.clock.advanceSeconds(20);
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/r"));
    StoredResponse updated =
        t.cache
            .updates()
            .revalidated(
                r,
                Fields.of("ETag", "\"v1\"", "Cache-Control", "max-age=100", "Date", t.date(0)),
                t.clock.millis());
    assertThat(updated.body()).isSameAs(r.entry().body());
    assertThat(counted(updated).refs).isEqualTo(1);
    t.cache.store().invalidate(updated.key().uri());
    assertThat(counted(updated).refs).isZero();
  }

  @Test
  void notModifiedForAFreedBodyRepeatsTheRequest() {
    store("/r", "body", "Cache-Control", "max-age=10", "ETag", "\"v1\"");
    t.clock.advanceSeconds(20);
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/r"));
    t.cache.store().invalidate(r.entry().key().uri());
    StoredResponse updated =
        t.cache
            .updates()
            .revalidated(
                r,
                Fields.of("ETag", "\"v1\"", "Cache-Control", "max-age=100", "Date", t.date(0)),
                t.clock.millis());
    assertThat(updated).isNull();
    assertThat(storage.live()).isZero();
  }

  @Test
  void heapShareBoundsTheEntriesHeapPart() {
    // A 1 MiB store whose entries may keep only 16 KiB on the heap holds few small answers.
    TestCache tight = new TestCache(1 << 20, 64 * 1024, storage, 16 * 1024);
    for (int i = 0; i < 200; i++) {
      tight.fetchBody(
          TestCache.RFC, TestCache.get("/h" + i), 200, "small", "Cache-Control", "max-age=60");
    }
    tight.cache.store().cleanUp();
    assertThat(tight.cache.store().keyCount()).isLessThan(200);
    assertThat(tight.cache.store().weightedSize()).isLessThanOrEqualTo(1 << 20);
  }

  private static CacheKey keyOf(String target) {
    return CacheKey.shared(UriNormaliser.normalise("http", "example.com", target));
  }
}
