package io.swoole4j.spring.boot.autoconfigure;

import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

import io.swoole4j.spring.boot.autoconfigure.SwooleTableProperties.ColumnSpec;
import io.swoole4j.spring.boot.autoconfigure.SwooleTableProperties.TableSpec;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.Table;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link Table Tables} declared under {@code swoole.tables}:
 * one singleton bean per entry, named after its key, created during refresh (so before
 * the server starts) and closed when the context closes. Independent of
 * {@code swoole.server.enabled}: a table is useful to any thread of the application.
 */
@AutoConfiguration
@ConditionalOnClass(Table.class)
@EnableConfigurationProperties(SwooleTableProperties.class)
@Import(SwooleTableAutoConfiguration.TableRegistrar.class)
public final class SwooleTableAutoConfiguration {

	static final String PREFIX = "swoole.tables";

	/**
	 * Creates a table from its declaration, naming the property behind any setting the
	 * core refuses.
	 * @param name the table's key under {@code swoole.tables}
	 * @param spec the declaration
	 * @return the new table
	 * @throws InvalidSwoolePropertyException if a setting is refused
	 */
	static Table createTable(String name, TableSpec spec) {
		String prefix = PREFIX + "." + name;
		Table.Builder builder = Table.builder();
		Integer size = spec.getSize();
		if (size == null) {
			throw new InvalidSwoolePropertyException(prefix + ".size", null, "a table needs a size (rows)", null);
		}
		apply(prefix + ".size", size, () -> builder.size(size));
		apply(prefix + ".conflict-proportion", spec.getConflictProportion(),
				() -> builder.conflictProportion(spec.getConflictProportion()));
		if (spec.getColumns().isEmpty()) {
			throw new InvalidSwoolePropertyException(prefix + ".columns", null, "a table needs at least one column",
					null);
		}
		for (Map.Entry<String, ColumnSpec> entry : spec.getColumns().entrySet()) {
			ColumnSpec column = entry.getValue();
			Integer columnSize = column.getSize();
			String columnPrefix = prefix + ".columns." + entry.getKey();
			if (columnSize == null && column.getType() == ColumnType.STRING) {
				throw new InvalidSwoolePropertyException(columnPrefix + ".size", null,
						"a string column needs a size (the most UTF-8 bytes)", null);
			}
			int effectiveSize = (columnSize != null) ? columnSize : 8;
			apply(columnPrefix + ".size", effectiveSize,
					() -> builder.column(entry.getKey(), column.getType(), effectiveSize));
		}
		return builder.create();
	}

	private static void apply(String property, Object value, Runnable setter) {
		try {
			setter.run();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSwoolePropertyException(property, value, String.valueOf(ex.getMessage()), ex);
		}
	}

	/**
	 * Registers one {@link Table} bean definition per declared table. Binding happens
	 * here, before any bean exists, because the set of beans depends on it.
	 */
	static final class TableRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			SwooleTableProperties properties = Binder.get(this.environment)
				.bindOrCreate("swoole", Bindable.of(SwooleTableProperties.class));
			properties.getTables().forEach((name, spec) -> {
				RootBeanDefinition definition = new RootBeanDefinition(Table.class, () -> createTable(name, spec));
				definition.setDestroyMethodName("close");
				registry.registerBeanDefinition(name, definition);
			});
		}

	}

}
