package io.swoole4j.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses core = CoreClasses.MAIN;

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
