package io.swoole4j.benchmarks.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The peer child of {@link ProcessPipeRoundTripBenchmark}: echoes length-prefixed
 * messages from standard input to standard output, as a plain {@link ProcessBuilder}
 * child would talk to its parent.
 */
public final class StdioEchoMain {

	private StdioEchoMain() {
	}

	public static void main(String[] args) throws IOException {
		DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
		DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
		try {
			while (true) {
				byte[] message = new byte[in.readInt()];
				in.readFully(message);
				out.writeInt(message.length);
				out.write(message);
				out.flush();
			}
		}
		catch (EOFException ex) {
			// the parent is done
		}
	}

}
