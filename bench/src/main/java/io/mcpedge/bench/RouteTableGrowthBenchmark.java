package io.mcpedge.bench;

import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.route.RequestHead;
import io.mcpedge.core.route.Route;
import io.mcpedge.core.route.RouteTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost of finding a request's route as the route table grows (issue 23's routes curve): tables of
 * {@code routes} entries that cycle through an exact path ({@code /svcN/status}), a prefix ({@code
 * /svcN/api}) and an anchored regular expression ({@code ^/svcN/items/[0-9]+$}), as a config with
 * one block per backend service would, read through {@link ConfigLoader} as the proxy reads its
 * file. With {@code shape = alternatives} every route is an anchored expression with alternatives,
 * in turn a leading group ({@code ^/svcN/(tools|prompts)/[a-z]+$}), top-level branches ({@code
 * ^/svcN/v1/items$|^/svcN/v2/items$}) and a group before the service ({@code
 * ^/(v1|v2)/svcN/files/[0-9]+$}). Each invocation matches the same nine paths: a hit on the first
 * route of each kind, a hit on the last route of each kind, and three paths no route takes (one far
 * from every route, two one character away from early routes). The figure to read is the ratio of
 * the two sizes, from one run, not the absolute time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteTableGrowthBenchmark {

  private static final int PATHS = 9;

  @Param({"10", "1000"})
  int routes;

  @Param({"mixed", "alternatives"})
  String shape;

  private RouteTable table;
  private Head[] requests;

  @Setup
  public void setUp() throws ConfigException {
    boolean alternatives = shape.equals("alternatives");
    String yaml = alternatives ? alternativesConfig(routes) : config(routes);
    table = RouteTable.compile(ConfigLoader.parse(yaml, "routes.yaml", Map.of()).routes());
    List<Head> heads = new ArrayList<>();
    if (alternatives) {
      heads.add(new Head("/svc0/tools/list"));
      heads.add(new Head("/svc1/v2/items"));
      heads.add(new Head("/v1/svc2/files/42"));
      heads.add(new Head("/svc" + last(0) + "/prompts/get"));
      heads.add(new Head("/svc" + last(1) + "/v1/items"));
      heads.add(new Head("/v2/svc" + last(2) + "/files/42"));
      heads.add(new Head("/other/path"));
      heads.add(new Head("/svc1/v3/items"));
      heads.add(new Head("/v1/svc2/files/x"));
    } else {
      heads.add(new Head("/svc0/status"));
      heads.add(new Head("/svc1/api/tools/list"));
      heads.add(new Head("/svc2/items/42"));
      heads.add(new Head("/svc" + last(0) + "/status"));
      heads.add(new Head("/svc" + last(1) + "/api/tools/list"));
      heads.add(new Head("/svc" + last(2) + "/items/42"));
      heads.add(new Head("/other/path"));
      heads.add(new Head("/svc1/apix"));
      heads.add(new Head("/svc2/items/x"));
    }
    requests = heads.toArray(new Head[0]);
    for (int i = 0; i < requests.length; i++) {
      boolean hit = table.match(requests[i]) != null;
      if (hit != i < 6) {
        throw new IllegalStateException(requests[i].path + ": matched " + hit);
      }
    }
  }

  /** The last route of {@code kind} (0, 1 or 2: the order of each shape's cycle) in the table. */
  private int last(int kind) {
    int i = routes - 1;
    while (i % 3 != kind) {
      i--;
    }
    return i;
  }

  /** The YAML of a table of {@code n} routes; {@code bench/run.sh --routes} writes the same. */
  static String config(int n) {
    StringBuilder y =
        new StringBuilder(
            "listeners: [{name: main, address: 127.0.0.1:0}]\n"
                + "upstreams: [{name: svc, endpoints: [\"http://127.0.0.1:9\"]}]\nroutes:\n");
    for (int i = 0; i < n; i++) {
      String path =
          switch (i % 3) {
            case 0 -> "{type: Exact, value: /svc" + i + "/status}";
            case 1 -> "{type: PathPrefix, value: /svc" + i + "/api}";
            default -> "{type: RegularExpression, value: \"^/svc" + i + "/items/[0-9]+$\"}";
          };
      y.append("  - {name: r").append(i).append(", match: {path: ").append(path);
      y.append("}, upstream: svc}\n");
    }
    return y.toString();
  }

  /** The YAML of a table of {@code n} anchored expressions with alternatives. */
  static String alternativesConfig(int n) {
    StringBuilder y =
        new StringBuilder(
            "listeners: [{name: main, address: 127.0.0.1:0}]\n"
                + "upstreams: [{name: svc, endpoints: [\"http://127.0.0.1:9\"]}]\nroutes:\n");
    for (int i = 0; i < n; i++) {
      String regex =
          switch (i % 3) {
            case 0 -> "^/svc" + i + "/(tools|prompts)/[a-z]+$";
            case 1 -> "^/svc" + i + "/v1/items$|^/svc" + i + "/v2/items$";
            default -> "^/(v1|v2)/svc" + i + "/files/[0-9]+$";
          };
      y.append("  - {name: r").append(i).append(", match: {path: {type: RegularExpression, ");
      y.append("value: \"").append(regex).append("\"}}, upstream: svc}\n");
    }
    return y.toString();
  }

  @Benchmark
  @OperationsPerInvocation(PATHS)
  public void match(Blackhole bh) {
    for (Head h : requests) {
      Route r = table.match(h);
      bh.consume(r);
    }
  }

  /** A request head as the codec's view has it once the path is derived (it is remembered). */
  private static final class Head implements RequestHead {
    final String path;

    Head(String path) {
      this.path = path;
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public String host() {
      return "mcp.example.com";
    }

    @Override
    public String header(String name) {
      return null;
    }
  }
}
