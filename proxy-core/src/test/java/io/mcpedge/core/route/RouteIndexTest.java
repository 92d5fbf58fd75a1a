package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.HeaderMatch;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.config.RouteConfig;
import io.mcpedge.core.config.RouteMatch;
import io.mcpedge.core.route.RouteTableTest.Req;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The index against the linear scan it replaces: over many random tables of exact paths, prefixes
 * and regular expressions (anchored or not), drawn from a few segments so that they overlap, shadow
 * and nest one another, every request must get the route a scan of the whole table in order would
 * give it. Seeded, so a failure names the table it happened on and can be replayed.
 */
@Timeout(60)
class RouteIndexTest {

  private static final String[] SEGMENTS = {"a", "ab", "b", "mcp", "x.y", "1", ""};
  private static final String[] METHODS = {"GET", "POST"};
  private static final String[] HOSTS = {"", "a.example.com", "b.example.com"};

  @Test
  void choosesWhatALinearScanChooses() {
    int[] byKind = new int[MatchType.values().length + 1];
    for (long seed = 1; seed <= 400; seed++) {
      Random rnd = new Random(seed);
      List<RouteConfig> configs = table(rnd, 1 + rnd.nextInt(seed % 10 == 0 ? 200 : 25));
      RouteTable table = RouteTable.compile(configs);
      List<RouteMatcher> linear = configs.stream().map(c -> new RouteMatcher(c.match())).toList();
      for (int r = 0; r < 300; r++) {
        Req req = request(rnd, configs);
        int expected =
            IntStream.range(0, linear.size())
                .filter(i -> linear.get(i).matches(req))
                .findFirst()
                .orElse(-1);
        Route got = table.match(req);
        assertThat(got == null ? -1 : got.index())
            .as("seed %d, %s, table %s", seed, req, configs.stream().map(c -> c.match()).toList())
            .isEqualTo(expected);
        byKind[
            expected < 0
                ? byKind.length - 1
                : configs.get(expected).match().path().type().ordinal()]++;
      }
    }
    // The tables must exercise every kind and leave requests unmatched too, or agreeing proves
    // little.
    assertThat(java.util.Arrays.stream(byKind).min().orElse(0))
        .as("%s", java.util.Arrays.toString(byKind))
        .isGreaterThan(5_000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/admin/events | 0 1 3 4",
        "/admin/events/x | 1 3 4",
        "/admin | 1 3 4",
        "/adminx | 3 4",
        "/servers/1/sse | 2 3 4",
        "/servers | 3 4",
        "x | 3 4"
      })
  void yieldsCandidatesInTableOrder(String path, String expected) {
    RouteIndex index =
        RouteIndex.build(
            List.of(
                new PathMatch(MatchType.EXACT, "/admin/events"),
                new PathMatch(MatchType.PATH_PREFIX, "/admin/"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/servers/[^/]+/sse$"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "\\.css$"),
                new PathMatch(MatchType.PATH_PREFIX, "/")));
    assertThat(index.candidates(path))
        .containsExactly(
            java.util.Arrays.stream(expected.split(" ")).mapToInt(Integer::parseInt).toArray());
  }

  /** Children whose characters span more than the dense table holds are searched instead. */
  @Test
  void findsChildrenFarApartInTheAlphabet() {
    RouteIndex index =
        RouteIndex.build(
            List.of(
                new PathMatch(MatchType.EXACT, "/a"),
                new PathMatch(MatchType.PATH_PREFIX, "/\u00e9t\u00e9"),
                new PathMatch(MatchType.EXACT, "/\u4e2d")));
    assertThat(index.candidates("/a")).containsExactly(0);
    assertThat(index.candidates("/\u00e9t\u00e9/x")).containsExactly(1);
    assertThat(index.candidates("/\u4e2d")).containsExactly(2);
    assertThat(index.candidates("/b")).isEmpty();
  }

  @Test
  void aThousandPrefixesLeaveFewCandidates() {
    List<PathMatch> paths = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      paths.add(new PathMatch(MatchType.PATH_PREFIX, "/svc" + i + "/api"));
    }
    paths.add(new PathMatch(MatchType.PATH_PREFIX, "/"));
    RouteIndex index = RouteIndex.build(paths);
    assertThat(index.candidates("/svc999/api/tools")).containsExactly(999, 1000);
    assertThat(index.candidates("/svc9/apix")).containsExactly(1000);
  }

  /**
   * Tables of expressions with alternatives, placed under several literal starts: every route whose
   * expression finds the path (a linear scan, as {@link PathMatcher} runs it) must be among the
   * path's candidates, which stay ascending and without repeats.
   */
  @Test
  void alternativesLoseNoCandidate() {
    int placedUnderSeveral = 0;
    int found = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Random rnd = new Random(seed);
      List<PathMatch> paths = new ArrayList<>();
      List<Pattern> patterns = new ArrayList<>();
      int size = 1 + rnd.nextInt(seed % 10 == 0 ? 300 : 30);
      while (paths.size() < size) {
        String regex = RegexGen.regex(rnd);
        try {
          patterns.add(Pattern.compile(regex));
        } catch (java.util.regex.PatternSyntaxException e) {
          continue;
        }
        paths.add(new PathMatch(MatchType.REGULAR_EXPRESSION, regex));
        List<String> starts = RegexLiteralStarts.of(regex);
        placedUnderSeveral += starts != null && starts.size() > 1 ? 1 : 0;
      }
      RouteIndex index = RouteIndex.build(paths);
      for (int r = 0; r < 300; r++) {
        String path = RegexGen.path(rnd);
        int[] candidates = index.candidates(path);
        for (int k = 1; k < candidates.length; k++) {
          assertThat(candidates[k]).as("seed %d, %s", seed, path).isGreaterThan(candidates[k - 1]);
        }
        for (int i = 0; i < patterns.size(); i++) {
          if (patterns.get(i).matcher(path).find()) {
            found++;
            assertThat(candidates)
                .as("seed %d: %s finds %s", seed, paths.get(i).value(), path)
                .contains(i);
          }
        }
      }
    }
    assertThat(placedUnderSeveral).isGreaterThan(400);
    assertThat(found).isGreaterThan(50_000);
  }

  @Test
  void placesARouteUnderEachAlternativeOnce() {
    RouteIndex index =
        RouteIndex.build(
            List.of(
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/(tools|prompts)/[a-z]+$"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/v1/tools$|^/v2/tools$"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/a|^/ab|^/a"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/(v1/)?tools$")));
    assertThat(index.candidates("/tools/list")).containsExactly(0, 3);
    assertThat(index.candidates("/prompts/get")).containsExactly(0, 3);
    assertThat(index.candidates("/v2/tools")).containsExactly(1, 3);
    assertThat(index.candidates("/abc")).containsExactly(2, 3);
    assertThat(index.candidates("/resources")).containsExactly(3);
  }

  private static List<RouteConfig> table(Random rnd, int size) {
    List<RouteConfig> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      out.add(RouteTableTest.route("r" + i, match(rnd)));
    }
    return out;
  }

  private static RouteMatch match(Random rnd) {
    Set<String> methods = rnd.nextInt(4) == 0 ? Set.of(pick(rnd, METHODS)) : Set.of();
    List<String> hosts =
        rnd.nextInt(5) == 0 ? List.of("*.example.com", "a.example.com") : List.of();
    if (rnd.nextInt(6) == 0) {
      hosts = List.of(pick(rnd, HOSTS).isEmpty() ? "b.example.com" : pick(rnd, HOSTS).substring(0));
    }
    List<HeaderMatch> headers =
        rnd.nextInt(6) == 0 ? List.of(new HeaderMatch("x-t", MatchType.EXACT, "1")) : List.of();
    return new RouteMatch(pathMatch(rnd), methods, headers, hosts);
  }

  private static PathMatch pathMatch(Random rnd) {
    String p = path(rnd);
    switch (rnd.nextInt(3)) {
      case 0:
        return new PathMatch(MatchType.EXACT, p);
      case 1:
        return new PathMatch(MatchType.PATH_PREFIX, rnd.nextInt(8) == 0 ? "/" : p);
      default:
        return new PathMatch(MatchType.REGULAR_EXPRESSION, regex(rnd, p));
    }
  }

  /** Anchored and unanchored expressions, with quantifiers and escapes right after the literal. */
  private static String regex(Random rnd, String p) {
    String q = Pattern.quote(p).equals("\\Q" + p + "\\E") ? p.replace(".", "\\.") : p;
    switch (rnd.nextInt(13)) {
      case 0:
        return "^" + q + "$";
      case 1:
        return "^" + q + "/[^/]+$";
      case 2:
        return "^" + q + "(/.*)?$";
      case 3:
        return "^" + q + "b?";
      case 4:
        return "^" + q + "\\d*/";
      case 5:
        return q + "$";
      case 6:
        return "^/a|" + q;
      case 7:
        return "^[a/]" + q.substring(Math.min(1, q.length()));
      case 8:
        return "^" + q + ".";
      case 10:
        return "^" + q + "$|^/b" + q;
      case 11:
        return "^/(a|mcp|" + q.substring(Math.min(1, q.length())) + ")";
      case 12:
        return "^" + q + "(b|/|\\d)?";
      default:
        return "^" + q;
    }
  }

  private static String path(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.append('/').append(pick(rnd, SEGMENTS));
    }
    if (b.length() == 0 || rnd.nextInt(5) == 0) {
      b.append('/');
    }
    return b.toString();
  }

  private static Req request(Random rnd, List<RouteConfig> configs) {
    String p;
    int kind = rnd.nextInt(6);
    if (kind < 2 && !configs.isEmpty()) {
      // Near a route's own value, to hit its edges: the value itself, one character more or less.
      p = configs.get(rnd.nextInt(configs.size())).match().path().value().replace("^", "");
      if (kind == 1 && !p.isEmpty()) {
        p =
            rnd.nextBoolean()
                ? p.substring(0, p.length() - 1)
                : p + pick(rnd, new String[] {"/", "b", "1"});
      }
    } else {
      p = path(rnd) + (rnd.nextInt(4) == 0 ? "2" : "");
    }
    if (rnd.nextInt(20) == 0) {
      p = p.isEmpty() ? "*" : p.substring(1); // not origin-form: "*" of OPTIONS, or no slash
    }
    Map<String, String> headers = rnd.nextBoolean() ? Map.of("x-t", "1") : Map.of();
    return new Req(pick(rnd, METHODS), p, pick(rnd, HOSTS), headers);
  }

  private static String pick(Random rnd, String[] from) {
    return from[rnd.nextInt(from.length)];
  }
}
