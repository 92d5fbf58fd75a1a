package io.mcpedge.server.cache;

import static io.mcpedge.server.cache.Conformance.Case.optional;
import static io.mcpedge.server.cache.Conformance.Case.required;
import static io.mcpedge.server.cache.Conformance.Expect.CACHED;
import static io.mcpedge.server.cache.Conformance.Expect.ETAG_VALIDATED;
import static io.mcpedge.server.cache.Conformance.Expect.NOT_CACHED;
import static io.mcpedge.server.cache.Conformance.Expect.STALE_ON_ERROR;
import static io.mcpedge.server.cache.Conformance.Step.get;
import static io.mcpedge.server.cache.Conformance.at;

import io.mcpedge.server.cache.Conformance.Case;
import io.mcpedge.server.cache.ScriptedOrigin.Fault;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own conformance cases, for behaviours the public suite does not cover or covers
 * differently: a 200 with a stray {@code Content-Range} (RFC 9110 §14.4), and stale-if-error when
 * the origin fails at the socket rather than with a 5xx (RFC 5861 §4), and targeted cache control
 * (RFC 9213) with {@code cache.targetedFields: [Edge-Cache-Control, CDN-Cache-Control]}. The kind
 * says what the RFCs ask; every case here must be right, whatever its kind: {@link
 * CacheConformanceIT} fails otherwise.
 */
final class StandardsCases {

  private StandardsCases() {}

  private static final String CC = "Cache-Control";

  /** The route prefix whose cache policy has {@code staleIfError: 1m}. */
  static final String GRACE_ROUTE = "/g";

  static List<Case> all() {
    List<Case> all = new ArrayList<>();
    all.addAll(contentRange());
    all.addAll(staleIfError());
    all.addAll(targeted());
    return all;
  }

  private static List<Case> contentRange() {
    return List.of(
        optional(
            "own-200-content-range-malformed",
            "RFC 9110 §14.4: a 200 with a malformed Content-Range and max-age is stored",
            get().res(CC, "max-age=3600").res("Content-Range", "bytes 0-4/x").pause(),
            get().expect(CACHED)),
        optional(
            "own-200-content-range-expires",
            "RFC 9110 §14.4: a 200 with a stray Content-Range and Expires is stored",
            get()
                .res("Expires", at(3600))
                .res("Date", at(0))
                .res("Content-Range", "bytes=0-")
                .pause(),
            get().expect(CACHED)));
  }

  /** A stale entry, then the origin failing at the socket in {@code fault}'s way. */
  private static Case staleOnFault(String id, String name, Fault fault, String cacheControl) {
    return staleOnFault(id, name, fault, cacheControl, null);
  }

  /** With an {@code etag}, the stale entry is revalidated, and the revalidation fails. */
  private static Case staleOnFault(
      String id, String name, Fault fault, String cacheControl, String etag) {
    var first = get().res(CC, cacheControl);
    if (etag != null) {
      first.res("ETag", etag);
    }
    return optional(
            id,
            name,
            first.pause(5),
            get()
                .fault(fault)
                .expect(STALE_ON_ERROR)
                .expectHeaderContaining("Cache-Status", "detail=stale-if-error"))
        .on(GRACE_ROUTE);
  }

  private static List<Case> staleIfError() {
    return List.of(
        staleOnFault(
            "own-stale-if-error-close",
            "RFC 5861 §4: the route's grace serves stale when the origin closes without answering",
            Fault.CLOSE,
            "max-age=1"),
        staleOnFault(
            "own-stale-if-error-reset-mid-head",
            "RFC 5861 §4: the route's grace serves stale when the origin resets mid-head",
            Fault.RESET_MID_HEAD,
            "max-age=1"),
        staleOnFault(
            "own-stale-if-error-close-revalidating",
            "RFC 5861 §4: a close without answer to a revalidation serves the stale entry",
            Fault.CLOSE,
            "max-age=1",
            "\"v1\""),
        staleOnFault(
            "own-stale-if-error-reset-revalidating",
            "RFC 5861 §4: a reset mid-head of a revalidation serves the stale entry",
            Fault.RESET_MID_HEAD,
            "max-age=1",
            "\"v1\""),
        optional(
            "own-stale-if-error-directive-close",
            "RFC 5861 §4: the origin's stale-if-error serves stale on a close without answer",
            get().res(CC, "max-age=1, stale-if-error=60").pause(5),
            get()
                .fault(Fault.CLOSE)
                .expect(STALE_ON_ERROR)
                .expectHeaderContaining("Cache-Status", "detail=stale-if-error")),
        optional(
                "own-stale-if-error-close-past-grace",
                "RFC 5861 §4: past the route's grace the failure goes through as a 502",
                get().res(CC, "max-age=1").pause(120),
                get().fault(Fault.CLOSE).expectStatus(502))
            .on(GRACE_ROUTE));
  }

  private static final String CDN = "CDN-Cache-Control";
  private static final String EDGE = "Edge-Cache-Control";

  private static List<Case> targeted() {
    List<Case> all = new ArrayList<>();
    all.addAll(targetedDirectives());
    all.addAll(targetedSelection());
    all.addAll(targetedCredentials());
    return all;
  }

  private static List<Case> targetedDirectives() {
    return List.of(
        required(
            "targeted-cdn-max-age-over-no-store",
            "RFC 9213 §2.2: CDN-Cache-Control max-age stores what Cache-Control no-store refuses",
            get()
                .res(CC, "no-store")
                .res(CDN, "max-age=3600")
                .expectHeader(CC, "no-store")
                .expectHeader(CDN, "max-age=3600")
                .pause(),
            get().expect(CACHED).expectHeader(CC, "no-store").expectHeader(CDN, "max-age=3600")),
        required(
            "targeted-cdn-no-store",
            "RFC 9213 §2.2: CDN-Cache-Control no-store wins over Cache-Control max-age",
            get().res(CC, "max-age=3600").res(CDN, "no-store").pause(),
            get().expect(NOT_CACHED)),
        required(
            "targeted-cdn-private",
            "RFC 9213 §2.2: CDN-Cache-Control private keeps the answer out of the shared store",
            get().res(CC, "max-age=3600").res(CDN, "private, max-age=3600").pause(),
            get().expect(NOT_CACHED)),
        required(
            "targeted-cdn-no-cache",
            "RFC 9213 §2.2: CDN-Cache-Control no-cache revalidates every time",
            get().res(CC, "max-age=3600").res(CDN, "no-cache").res("ETag", "\"t1\""),
            get().expect(ETAG_VALIDATED)),
        required(
            "targeted-cdn-max-age-shorter",
            "RFC 9213 §2.2: CDN-Cache-Control max-age=1 makes it stale before Cache-Control would",
            get().res(CC, "max-age=3600").res(CDN, "max-age=1").pause(),
            get().expect(NOT_CACHED)),
        required(
            "targeted-cdn-ignores-expires",
            "RFC 9213 §2.2: with a targeted field, Expires is ignored too",
            get().res("Expires", at(3600)).res("Date", at(0)).res(CDN, "must-revalidate").pause(),
            get().expect(NOT_CACHED)),
        required(
            "targeted-cdn-stale-if-error",
            "RFC 5861 §4 in a targeted field: stale-if-error serves stale on a close",
            get().res(CC, "no-store").res(CDN, "max-age=1, stale-if-error=60").pause(5),
            get()
                .fault(Fault.CLOSE)
                .expect(STALE_ON_ERROR)
                .expectHeaderContaining("Cache-Status", "detail=stale-if-error")));
  }

  private static List<Case> targetedSelection() {
    return List.of(
        required(
            "targeted-first-on-list-wins-no-store",
            "RFC 9213 §2.2: Edge-Cache-Control, first on the list, wins over CDN-Cache-Control",
            get().res(EDGE, "no-store").res(CDN, "max-age=3600").pause(),
            get().expect(NOT_CACHED)),
        required(
            "targeted-first-on-list-wins-max-age",
            "RFC 9213 §2.2: Edge-Cache-Control max-age wins over CDN-Cache-Control no-store",
            get().res(CDN, "no-store").res(EDGE, "max-age=3600").pause(),
            get().expect(CACHED)),
        optional(
            "targeted-invalid-falls-back-refuse",
            "RFC 9213 §2.1: an invalid targeted field is ignored; Cache-Control no-store counts",
            get().res(CC, "no-store").res(CDN, "MAX-AGE=3600").pause(),
            get().expect(NOT_CACHED)),
        optional(
            "targeted-invalid-falls-back-store",
            "RFC 9213 §2.1: an invalid targeted field is ignored; Cache-Control max-age counts",
            get().res(CC, "max-age=3600").res(CDN, "max-age=1,").pause(),
            get().expect(CACHED)),
        optional(
            "targeted-edge-field-not-forwarded",
            "the edge's own field reaches no client; Cache-Control and CDN-Cache-Control do",
            get()
                .res(CC, "no-cache")
                .res(EDGE, "max-age=3600")
                .res(CDN, "max-age=60")
                .expectMissing(EDGE)
                .expectHeader(CC, "no-cache")
                .expectHeader(CDN, "max-age=60")
                .pause(),
            get()
                .expect(CACHED)
                .expectMissing(EDGE)
                .expectHeader(CC, "no-cache")
                .expectHeader(CDN, "max-age=60")));
  }

  /** RFC 9111 §3.5 stays Cache-Control's to grant; see TargetedCacheControl. */
  private static List<Case> targetedCredentials() {
    return List.of(
        optional(
            "targeted-public-does-not-share-authenticated",
            "a targeted public does not let an authenticated answer into the shared store",
            get()
                .req("Authorization", "Bearer one")
                .res(CC, "private")
                .res(CDN, "public, max-age=3600")
                .pause(),
            get().req("Authorization", "Bearer two").expect(NOT_CACHED)),
        optional(
            "targeted-cc-public-shares-authenticated",
            "Cache-Control public consents to sharing; the targeted field gives freshness",
            get()
                .req("Authorization", "Bearer one")
                .res(CC, "public, max-age=1")
                .res(CDN, "max-age=3600")
                .pause(),
            get().req("Authorization", "Bearer two").expect(CACHED)),
        optional(
            "targeted-private-with-cc-public",
            "a targeted private refuses a shared entry even when Cache-Control says public",
            get()
                .req("Authorization", "Bearer one")
                .res(CC, "public, max-age=3600")
                .res(CDN, "private, max-age=3600")
                .pause(),
            get().req("Authorization", "Bearer one").expect(NOT_CACHED)));
  }
}
