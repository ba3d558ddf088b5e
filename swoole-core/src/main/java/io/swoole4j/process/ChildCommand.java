package io.swoole4j.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Builds the command line of a child JVM: this JVM's java, its JVM options (from
 * {@code RuntimeMXBean.getInputArguments()}, not
 * {@code ProcessHandle.info().arguments()}, which is empty once the command line passes 4
 * KB), its class path, then the child's own options and system properties, and
 * {@link ProcessMain}.
 * <p>
 * Inside a Spring Boot fat jar ({@code java -jar app.jar}) the class path is only the jar
 * and our classes live under {@code BOOT-INF}, so the child is started through Boot's
 * {@code PropertiesLauncher} with {@code -Dloader.main=}{@link ProcessMain}.
 */
final class ChildCommand {

	static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

	static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private ChildCommand() {
	}

	static List<String> build(ProcessSpec spec, Map<String, String> properties) {
		List<String> inherited = spec.inheritJvmOptions() ? ManagementFactory.getRuntimeMXBean().getInputArguments()
				: List.of();
		return build(javaExecutable(), inherited, System.getProperty("java.class.path"), spec.jvmOptions(), properties,
				spec.args());
	}

	static List<String> build(String java, List<String> inherited, String classPath, List<String> jvmOptions,
			Map<String, String> properties, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(java);
		boolean ownGc = jvmOptions.stream().anyMatch(ChildCommand::selectsGc);
		for (String option : inherited) {
			if (keep(option, ownGc)) {
				command.add(option);
			}
		}
		if (!command.contains(NATIVE_ACCESS)) {
			command.add(NATIVE_ACCESS);
		}
		command.addAll(jvmOptions);
		properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
		command.add("-cp");
		command.add(classPath);
		if (isBootFatJar(classPath)) {
			command.add("-Dloader.main=" + ProcessMain.class.getName());
			command.add(BOOT_LAUNCHER);
		}
		else {
			command.add(ProcessMain.class.getName());
		}
		command.addAll(args);
		return command;
	}

	private static boolean keep(String option, boolean ownGc) {
		// a debugger agent would bind the parent's port again and stop the child at
		// start; a parent that is itself a child carries its own wiring, which is not the
		// child's
		return !option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")
				&& !option.startsWith("-D" + ProcessMain.PROPERTY_PREFIX) && !option.startsWith("-Dloader.main=")
				&& !(ownGc && selectsGc(option));
	}

	// two collectors on one command line stop the JVM from starting
	private static boolean selectsGc(String option) {
		return option.startsWith("-XX:+Use") && option.endsWith("GC");
	}

	private static String javaExecutable() {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		if (Files.isExecutable(java)) {
			return java.toString();
		}
		return ProcessHandle.current().info().command().orElse("java");
	}

	static boolean isBootFatJar(String classPath) {
		if (classPath == null || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return false;
		}
		try (JarFile jar = new JarFile(classPath)) {
			return jar.getEntry("BOOT-INF/classes/") != null || jar.getEntry("BOOT-INF/lib/") != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
