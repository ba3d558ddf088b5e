package io.swoole4j.spring.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the configuration metadata the annotation processor writes from the properties'
 * field Javadoc, merged with the hand-written hints.
 */
class ConfigurationMetadataTests {

	@Test
	void describesWorkerNum() throws IOException {
		Map<String, Object> property = property("swoole.server.worker-num");
		assertThat(property).containsEntry("type", "java.lang.Integer");
		assertThat((String) property.get("description")).startsWith("Number of worker threads");
	}

	@Test
	void describesDispatchModeWithItsValues() throws IOException {
		Map<String, Object> property = property("swoole.server.dispatch-mode");
		assertThat(property).containsEntry("type", "io.swoole4j.server.DispatchMode")
			.containsEntry("defaultValue", "fdmod");
		assertThat((String) property.get("description")).startsWith("How a thread-mode server picks the worker");
		List<Map<String, Object>> values = hintValues("swoole.server.dispatch-mode");
		assertThat(values).extracting((v) -> v.get("value"))
			.containsExactly("round", "fdmod", "idle-worker", "ipmod", "uidmod", "userfunc", "stream", "co-conn-lb");
		assertThat(values).allSatisfy((v) -> assertThat((String) v.get("description")).isNotBlank());
	}

	@Test
	void describesTables() throws IOException {
		Map<String, Object> property = property("swoole.tables");
		assertThat((String) property.get("type")).startsWith("java.util.Map<java.lang.String,")
			.contains("SwooleTableProperties$TableSpec");
		assertThat((String) property.get("description")).startsWith("Tables to create at startup");
	}

	@Test
	void recordsLiteralDefaults() throws IOException {
		assertThat(property("swoole.server.max-wait-time")).containsEntry("defaultValue", "3s");
		assertThat(property("swoole.server.socket-buffer-size")).containsEntry("defaultValue", "8MB");
		assertThat(property("swoole.server.enabled")).containsEntry("defaultValue", true);
	}

	@Test
	void everyPropertyHasADescription() throws IOException {
		assertThat(entries("properties")).isNotEmpty().allSatisfy((p) -> assertThat(p).containsKey("description"));
	}

	private static Map<String, Object> property(String name) throws IOException {
		return entries("properties").stream()
			.filter((p) -> name.equals(p.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no metadata for " + name));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> hintValues(String name) throws IOException {
		return (List<Map<String, Object>>) entries("hints").stream()
			.filter((h) -> name.equals(h.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no hint for " + name))
			.get("values");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> entries(String kind) throws IOException {
		return (List<Map<String, Object>>) metadata().get(kind);
	}

	private static Map<String, Object> metadata() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

}
