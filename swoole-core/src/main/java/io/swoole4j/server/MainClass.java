package io.swoole4j.server;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The main class a PROCESS-mode worker JVM runs, and its arguments.
 *
 * @param name the binary class name
 * @param args the arguments of its {@code main}
 */
record MainClass(String name, List<String> args) {

	MainClass {
		args = List.copyOf(args);
	}

	/**
	 * The main class and arguments of this JVM, from its {@code sun.java.command}
	 * property; for {@code java -jar} the jar's {@code Start-Class} (a Spring Boot jar)
	 * or {@code Main-Class}.
	 * @return the entry, or null when the command line names none (an embedded JVM)
	 */
	static MainClass ofThisJvm() {
		String command = System.getProperty("sun.java.command");
		if (command == null || command.isBlank()) {
			return null;
		}
		// the property joins the arguments with spaces: arguments holding spaces cannot
		// be told apart, so such applications set workerEntry themselves
		String[] words = command.trim().split(" +");
		List<String> args = Arrays.asList(words).subList(1, words.length);
		if (!words[0].endsWith(".jar")) {
			return new MainClass(words[0], args);
		}
		try (JarFile jar = new JarFile(words[0])) {
			Manifest manifest = jar.getManifest();
			if (manifest == null) {
				return null;
			}
			Attributes main = manifest.getMainAttributes();
			String name = (main.getValue("Start-Class") != null) ? main.getValue("Start-Class")
					: main.getValue(Attributes.Name.MAIN_CLASS);
			return (name != null) ? new MainClass(name, args) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
