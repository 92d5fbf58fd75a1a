package io.mcpedge.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout of the data plane as rules: packages name a concern and depend on each other in one
 * direction, the filter framework knows none of the filters it runs, and the root package holds the
 * entry point and the composition root only (see {@code docs/architecture.md}).
 */
class ArchitectureTest {

  private static JavaClasses server;

  @BeforeAll
  static void importClasses() {
    server =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mcpedge.server");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.mcpedge.server.(*)..").should().beFreeOfCycles().check(server);
  }

  /** Policies, caching, streams and the upstream are filters and stages the framework runs. */
  @Test
  void exchangeFrameworkKnowsNoFilter() {
    noClasses()
        .that()
        .resideInAPackage("io.mcpedge.server.exchange..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.mcpedge.server.policy..",
            "io.mcpedge.server.cache..",
            "io.mcpedge.server.stream..",
            "io.mcpedge.server.upstream..",
            "io.mcpedge.server.answer..",
            "io.mcpedge.server.admin..",
            "io.mcpedge.server.pipeline..",
            "io.mcpedge.server.route..")
        .check(server);
  }

  @Test
  void rootHoldsOnlyTheEntryPointAndTheCompositionRoot() {
    classes()
        .that()
        .resideInAPackage("io.mcpedge.server")
        .should()
        .haveNameMatching("io\\.mcpedge\\.server\\.(Main|EdgeServer|BuildVersion)(\\$.*)?")
        .check(server);
  }
}
