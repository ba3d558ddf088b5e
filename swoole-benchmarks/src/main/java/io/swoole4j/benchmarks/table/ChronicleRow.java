package io.swoole4j.benchmarks.table;

/**
 * The benchmark row as a Chronicle Values interface: Chronicle Map generates its heap and
 * off-heap implementations at run time.
 */
public interface ChronicleRow {

	long getA();

	void setA(long a);

	long addAtomicA(long delta);

	long getB();

	void setB(long b);

	long getC();

	void setC(long c);

	long getD();

	void setD(long d);

}
