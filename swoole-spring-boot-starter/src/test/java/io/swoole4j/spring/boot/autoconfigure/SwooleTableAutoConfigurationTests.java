package io.swoole4j.spring.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.swoole4j.table.Column;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link SwooleTableAutoConfiguration}.
 */
class SwooleTableAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwooleTableAutoConfiguration.class));

	@Test
	void createsNoTableWhenNoneIsDeclared() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(Table.class));
	}

	@Test
	void createsOneTableBeanPerDeclarationInjectableByName() {
		this.runner
			.withPropertyValues("swoole.tables.sessions.size=1024", "swoole.tables.sessions.columns.fd.type=int",
					"swoole.tables.sessions.columns.fd.size=4", "swoole.tables.sessions.columns.name.type=string",
					"swoole.tables.sessions.columns.name.size=32", "swoole.tables.sessions.columns.score.type=float",
					"swoole.tables.counters.size=64", "swoole.tables.counters.conflict-proportion=0.5",
					"swoole.tables.counters.columns.hits.type=int")
			.run((context) -> {
				assertThat(context).getBeans(Table.class).containsOnlyKeys("sessions", "counters");
				Table sessions = context.getBean("sessions", Table.class);
				assertThat(sessions.size()).isEqualTo(1024);
				assertThat(sessions.columns()).extracting(Column::name, Column::type, Column::size)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("fd", ColumnType.INT, 4),
							org.assertj.core.groups.Tuple.tuple("name", ColumnType.STRING, 32),
							org.assertj.core.groups.Tuple.tuple("score", ColumnType.FLOAT, 8));
				Table counters = context.getBean("counters", Table.class);
				assertThat(counters.incr("a", counters.column("hits"), 3)).isEqualTo(3);
				assertThat(counters.getLong("a", counters.column("hits"), -1)).isEqualTo(3);
			});
	}

	@Test
	void closesTablesWhenTheContextCloses() {
		Table[] holder = new Table[1];
		this.runner.withPropertyValues("swoole.tables.t.size=64", "swoole.tables.t.columns.v.type=int")
			.run((context) -> holder[0] = context.getBean("t", Table.class));
		assertThatIllegalStateException().isThrownBy(() -> holder[0].count());
	}

	@Test
	void defaultConflictProportionMatchesCoreDefault() {
		Table.Builder coreDefault = Table.builder().size(1000).column("v", ColumnType.INT);
		Table.Builder starterDefault = Table.builder()
			.size(1000)
			.conflictProportion(new SwooleTableProperties.TableSpec().getConflictProportion())
			.column("v", ColumnType.INT);
		Table.Builder other = Table.builder().size(1000).conflictProportion(0.5).column("v", ColumnType.INT);
		assertThat(starterDefault.memorySize()).isEqualTo(coreDefault.memorySize()).isNotEqualTo(other.memorySize());
	}

	@Test
	void invalidColumnSizeFailsWithAnalyzedFailureNamingTheProperty() {
		this.runner
			.withPropertyValues("swoole.tables.t.size=64", "swoole.tables.t.columns.v.type=int",
					"swoole.tables.t.columns.v.size=3")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidSwoolePropertyFailureAnalyzer(null)
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("swoole.tables.t.columns.v.size")
					.contains("'3'")
					.contains("1, 2, 4 or 8");
				assertThat(analysis.getAction()).contains("swoole.tables.t.columns.v.size");
			});
	}

	@Test
	void missingSizeFailsNamingTheProperty() {
		this.runner.withPropertyValues("swoole.tables.t.columns.v.type=int").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidSwoolePropertyException.class)
				.hasMessageContaining("swoole.tables.t.size");
		});
	}

	@Test
	void stringColumnWithoutSizeFailsNamingTheProperty() {
		this.runner.withPropertyValues("swoole.tables.t.size=64", "swoole.tables.t.columns.name.type=string")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidSwoolePropertyException.class)
				.hasMessageContaining("swoole.tables.t.columns.name.size"));
	}

	@Test
	void tableBeansAreListedInDeclarationOrder() {
		this.runner
			.withPropertyValues("swoole.tables.b.size=64", "swoole.tables.b.columns.v.type=int",
					"swoole.tables.a.size=64", "swoole.tables.a.columns.v.type=int")
			.run((context) -> assertThat(List.of(context.getBeanNamesForType(Table.class))).containsExactly("b", "a"));
	}

}
