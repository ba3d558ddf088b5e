package io.swoole4j.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line of a child JVM.
 */
class ChildCommandTests {

	private static final Map<String, String> PROPERTIES = new LinkedHashMap<>(Map.of("swoole4j.process.entry", "a.B"));

	@Test
	void keepsTheParentsOptionsButNotItsDebuggerItsOwnWiringOrACollectorTheChildReplaces() {
		List<String> inherited = List.of("-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005",
				"-Dswoole4j.process.pipe=/tmp/x/p.sock", "-XX:+UseG1GC", "-Dloader.main=Old", "-Dapp=1");
		List<String> command = ChildCommand.build("/jdk/bin/java", inherited, "a.jar:b.jar", Process.FAST_START_OPTIONS,
				PROPERTIES, List.of("arg"));
		assertThat(command).containsExactly("/jdk/bin/java", "-Xmx1g", "-Dapp=1", ChildCommand.NATIVE_ACCESS,
				"-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-Dswoole4j.process.entry=a.B", "-cp",
				"a.jar:b.jar", ProcessMain.class.getName(), "arg");
	}

	@Test
	void keepsTheInheritedCollectorAndNativeAccessWhenTheChildChoosesNone() {
		List<String> command = ChildCommand.build("java", List.of(ChildCommand.NATIVE_ACCESS, "-XX:+UseG1GC"),
				"classes", List.of(), Map.of(), List.of());
		assertThat(command).containsExactly("java", ChildCommand.NATIVE_ACCESS, "-XX:+UseG1GC", "-cp", "classes",
				ProcessMain.class.getName());
	}

	@Test
	void startsTheChildThroughBootsPropertiesLauncherInsideAFatJar(@TempDir Path directory) throws IOException {
		Path fatJar = jar(directory.resolve("app.jar"), "BOOT-INF/classes/");
		List<String> command = ChildCommand.build("java", List.of(), fatJar.toString(), List.of(), PROPERTIES,
				List.of("arg"));
		assertThat(command).containsExactly("java", ChildCommand.NATIVE_ACCESS, "-Dswoole4j.process.entry=a.B", "-cp",
				fatJar.toString(), "-Dloader.main=" + ProcessMain.class.getName(), ChildCommand.BOOT_LAUNCHER, "arg");
	}

	@Test
	void treatsOnlyASingleJarWithBootInfAsAFatJar(@TempDir Path directory) throws IOException {
		Path plain = jar(directory.resolve("plain.jar"), "io/");
		Path fat = jar(directory.resolve("fat.jar"), "BOOT-INF/lib/");
		assertThat(ChildCommand.isBootFatJar(plain.toString())).isFalse();
		assertThat(ChildCommand.isBootFatJar(fat.toString())).isTrue();
		assertThat(ChildCommand.isBootFatJar(fat + ":" + plain)).isFalse();
		assertThat(ChildCommand.isBootFatJar(directory.toString())).isFalse();
		assertThat(ChildCommand.isBootFatJar(directory.resolve("missing.jar").toString())).isFalse();
	}

	private static Path jar(Path path, String directoryEntry) throws IOException {
		try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
			jar.putNextEntry(new JarEntry(directoryEntry));
			jar.closeEntry();
		}
		return path;
	}

}
