package io.swoole4j.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static JavaClasses core;

	@BeforeAll
	static void importCore() {
		core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.swoole4j");
	}

	@Test
	void corePackagesAreFreeOfCycles() {
		slices().matching("io.swoole4j.(*)..").should().beFreeOfCycles().allowEmptyShould(true).check(core);
	}

	@Test
	void coreDependsOnNeitherSpringNorMicrometer() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..")
			.check(core);
	}

	@Test
	void foreignLinkerIsUsedOnlyInInternal() {
		noClasses().that()
			.resideOutsideOfPackage("io.swoole4j.internal..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.lang.foreign.Linker")
			.check(core);
	}

}
