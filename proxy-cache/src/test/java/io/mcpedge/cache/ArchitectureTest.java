package io.mcpedge.cache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's place in the build's one-way chain {@code proxy-server -> proxy-cache ->
 * proxy-core}: the RFC 9111 engine is plain Java that the data plane adapts, so it never reaches
 * into Netty or the server, and its packages do not depend on each other in a circle.
 */
class ArchitectureTest {

  private static JavaClasses cache;

  @BeforeAll
  static void importClasses() {
    cache =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mcpedge.cache");
  }

  @Test
  void noNetty() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.netty..").check(cache);
  }

  @Test
  void doesNotDependOnTheServer() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.mcpedge.server..").check(cache);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.mcpedge.cache.(*)..").should().beFreeOfCycles().check(cache);
  }
}
