package io.swoole4j.benchmarks.process;

import java.io.EOFException;

import io.swoole4j.process.ProcessContext;
import io.swoole4j.process.ProcessEntry;

/**
 * The child of {@link ProcessPipeRoundTripBenchmark}: echoes every pipe message until the
 * parent closes its end.
 */
public class ProcessEchoEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) throws Exception {
		try {
			while (true) {
				context.write(context.read());
			}
		}
		catch (EOFException ex) {
			// the parent is done
		}
	}

}
