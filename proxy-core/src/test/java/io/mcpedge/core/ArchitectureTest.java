package io.mcpedge.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's place in the build's one-way chain {@code proxy-server -> proxy-cache ->
 * proxy-core}: the engines are plain Java that the cache and the data plane build on, so nothing
 * here may reach up into them or down into Netty, and its packages do not depend on each other in a
 * circle.
 */
class ArchitectureTest {

  private static JavaClasses core;

  @BeforeAll
  static void importClasses() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mcpedge.core");
  }

  @Test
  void noNetty() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.netty..").check(core);
  }

  @Test
  void dependsOnNeitherTheCacheNorTheServer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.mcpedge.cache..", "io.mcpedge.server..")
        .check(core);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.mcpedge.core.(*)..").should().beFreeOfCycles().check(core);
  }
}
