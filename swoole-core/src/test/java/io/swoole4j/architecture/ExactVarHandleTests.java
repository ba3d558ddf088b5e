package io.swoole4j.architecture;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the speed of off-heap access: a VarHandle on a memory layout (coordinates
 * {@code (MemorySegment, long)}) or a byte-array view ({@code (byte[], int)}) invoked
 * with other static types, or as a statement whose result is dropped, is adapted through
 * {@code asType} on every call, which HotSpot may not fully inline (a channel push+pop
 * fell from 57 to 35 ns once its offsets were longs). Such handles must be created with
 * {@link VarHandle#withInvokeExactBehavior()}, so a mismatched call site throws
 * {@link java.lang.invoke.WrongMethodTypeException} in the tests that run it, and every
 * call site must have the exact shape, which the second rule checks in the bytecode even
 * where no test runs it.
 */
class ExactVarHandleTests {

	private static final Set<String> ACCESS_MODE_METHODS = Arrays.stream(VarHandle.AccessMode.values())
		.map(VarHandle.AccessMode::methodName)
		.collect(Collectors.toSet());

	@Test
	void layoutAndByteArrayVarHandlesHaveInvokeExactBehavior() throws ReflectiveOperationException {
		List<String> checked = new ArrayList<>();
		List<String> inexact = new ArrayList<>();
		for (JavaClass javaClass : coveredClasses()) {
			for (JavaField javaField : javaClass.getFields()) {
				if (!javaField.getRawType().isEquivalentTo(VarHandle.class)
						|| !javaField.getModifiers().contains(JavaModifier.STATIC)) {
					continue;
				}
				Field field = Class.forName(javaClass.getName()).getDeclaredField(javaField.getName());
				assertThat(Modifier.isFinal(field.getModifiers())).as(javaField.getFullName() + " is final").isTrue();
				field.setAccessible(true);
				VarHandle handle = (VarHandle) field.get(null);
				if (isOffHeapOrArrayView(handle)) {
					checked.add(javaField.getFullName());
					if (!handle.hasInvokeExactBehavior()) {
						inexact.add(javaField.getFullName());
					}
				}
			}
		}
		assertThat(checked).as("layout VarHandles found").isNotEmpty();
		assertThat(inexact).as("layout VarHandles created without withInvokeExactBehavior()").isEmpty();
	}

	@Test
	void layoutAndByteArrayVarHandleCallSitesHaveExactTypes() {
		List<String> checked = new ArrayList<>();
		// a Set: javac copies a finally block, so one source line may hold two calls
		Set<String> mismatched = new TreeSet<>();
		for (JavaClass javaClass : coveredClasses()) {
			for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
				MethodCallTarget target = call.getTarget();
				if (!target.getOwner().isEquivalentTo(VarHandle.class)
						|| !ACCESS_MODE_METHODS.contains(target.getName())) {
					continue;
				}
				List<JavaClass> parameters = target.getRawParameterTypes();
				Class<?> coordinate = expectedOffsetType(parameters);
				if (coordinate == null) {
					continue;
				}
				checked.add(call.getDescription());
				String problem = problem(target.getName(), parameters, target.getRawReturnType(), coordinate);
				if (problem != null) {
					mismatched.add(problem + ": " + call.getDescription());
				}
			}
		}
		assertThat(checked).as("layout VarHandle call sites found").isNotEmpty();
		assertThat(mismatched).as("inexact layout VarHandle call sites").isEmpty();
	}

	private static List<JavaClass> coveredClasses() {
		return CoreClasses.MAIN.stream().toList();
	}

	private static boolean isOffHeapOrArrayView(VarHandle handle) {
		List<Class<?>> coordinates = handle.coordinateTypes();
		return !coordinates.isEmpty()
				&& (coordinates.get(0) == MemorySegment.class || coordinates.get(0) == byte[].class);
	}

	/** The offset type the handle family takes, or null for other handles. */
	private static Class<?> expectedOffsetType(List<JavaClass> parameters) {
		if (parameters.isEmpty()) {
			return null;
		}
		if (parameters.get(0).isEquivalentTo(MemorySegment.class)) {
			return long.class;
		}
		if (parameters.get(0).isEquivalentTo(byte[].class)) {
			return int.class;
		}
		return null;
	}

	/**
	 * Returns what makes the call inexact, or null: the offset's type, values of
	 * different or non-primitive types, or a return type other than the access mode's
	 * (void for a plain statement whose result is dropped, Object without a cast).
	 */
	private static String problem(String mode, List<JavaClass> parameters, JavaClass returnType, Class<?> coordinate) {
		if (parameters.size() < 2 || !parameters.get(1).isEquivalentTo(coordinate)) {
			return "offset is not " + coordinate;
		}
		List<JavaClass> values = parameters.subList(2, parameters.size());
		if (values.stream().anyMatch((value) -> !value.isPrimitive() || !value.equals(values.get(0)))) {
			return "values are not all of one primitive type";
		}
		if (mode.startsWith("set")) {
			return returnType.isEquivalentTo(void.class) ? null : "set returns a value";
		}
		if (mode.startsWith("compareAndSet") || mode.startsWith("weakCompareAndSet")) {
			return returnType.isEquivalentTo(boolean.class) ? null : "compare-and-set result is not boolean";
		}
		if (!returnType.isPrimitive() || returnType.isEquivalentTo(void.class)) {
			return "result is " + returnType.getName() + ", not cast to the value type";
		}
		if (!values.isEmpty() && !returnType.equals(values.get(0))) {
			return "result type differs from the value type";
		}
		return null;
	}

}
