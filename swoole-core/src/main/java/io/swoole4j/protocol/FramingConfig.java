package io.swoole4j.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.swoole4j.internal.Checks;

/**
 * How a byte stream is cut into packets: raw (one packet per read), length-prefixed
 * ({@code open_length_check}) or EOF-delimited ({@code open_eof_check},
 * {@code open_eof_split}). Swoole's setting names and modern defaults.
 * <p>
 * Priority when several are enabled (as in Swoole): EOF, then length, then raw. Immutable
 * and thread-safe; build with {@link #builder()}.
 */
public final class FramingConfig {

	/** Default {@code package_length_type}: {@code N}, unsigned 32-bit big-endian. */
	public static final char DEFAULT_PACKAGE_LENGTH_TYPE = 'N';

	/** Default {@code package_length_offset}: the length field starts the packet. */
	public static final int DEFAULT_PACKAGE_LENGTH_OFFSET = 0;

	/**
	 * Default {@code package_body_offset}: 4, Swoole's modern default, so the default
	 * header is a 4-byte big-endian body length.
	 */
	public static final int DEFAULT_PACKAGE_BODY_OFFSET = 4;

	/** Default {@code package_max_length}: 2 MiB ({@code SW_INPUT_BUFFER_SIZE}). */
	public static final int DEFAULT_PACKAGE_MAX_LENGTH = 2 * 1024 * 1024;

	/** Default {@code package_eof}: {@code "\r\n\r\n"} ({@code SW_DATA_EOF}). */
	public static final String DEFAULT_PACKAGE_EOF = "\r\n\r\n";

	/** Longest accepted {@code package_eof} ({@code SW_DATA_EOF_MAXLEN}). */
	public static final int MAX_PACKAGE_EOF_LENGTH = 8;

	/**
	 * Largest {@code package_length_offset}: the length field must sit inside one
	 * standard receive buffer (8 KiB), as in Swoole.
	 */
	public static final int MAX_PACKAGE_LENGTH_OFFSET = 8192;

	private static final FramingConfig RAW = builder().build();

	private final boolean openLengthCheck;

	private final LengthType packageLengthType;

	private final int packageLengthOffset;

	private final int packageBodyOffset;

	private final int packageMaxLength;

	private final boolean openEofCheck;

	private final boolean openEofSplit;

	private final byte[] packageEof;

	private FramingConfig(Builder b) {
		this.openLengthCheck = b.openLengthCheck;
		this.packageLengthType = b.packageLengthType;
		this.packageLengthOffset = b.packageLengthOffset;
		this.packageBodyOffset = b.packageBodyOffset;
		this.packageMaxLength = b.packageMaxLength;
		this.openEofCheck = b.openEofCheck || b.openEofSplit;
		this.openEofSplit = b.openEofSplit;
		this.packageEof = b.packageEof.clone();
	}

	/** A new builder holding the defaults (raw stream). */
	public static Builder builder() {
		return new Builder();
	}

	/** Raw stream framing with default limits. */
	public static FramingConfig raw() {
		return RAW;
	}

	/**
	 * Length framing with a 4-byte big-endian body-length header (type {@code N}, offset
	 * 0, body offset 4) and the given limit.
	 */
	public static FramingConfig lengthPrefixed(int packageMaxLength) {
		return builder().openLengthCheck(true).packageMaxLength(packageMaxLength).build();
	}

	/** A builder initialised from this configuration. */
	public Builder toBuilder() {
		return new Builder().openLengthCheck(this.openLengthCheck)
			.packageLengthType(this.packageLengthType.code())
			.packageLengthOffset(this.packageLengthOffset)
			.packageBodyOffset(this.packageBodyOffset)
			.packageMaxLength(this.packageMaxLength)
			.openEofCheck(this.openEofCheck)
			.openEofSplit(this.openEofSplit)
			.packageEof(this.packageEof);
	}

	/** A new decoder for this configuration (decoders are stateless and thread-safe). */
	public FrameDecoder newDecoder() {
		if (this.openEofCheck) {
			return this.openEofSplit ? new EofSplitDecoder(this.packageEof, this.packageMaxLength)
					: new EofDecoder(this.packageEof, this.packageMaxLength);
		}
		if (this.openLengthCheck) {
			return new LengthFieldDecoder(this.packageLengthType, this.packageLengthOffset, this.packageBodyOffset,
					this.packageMaxLength);
		}
		return new RawDecoder(this.packageMaxLength);
	}

	/** Whether length framing is on (and EOF framing, which has priority, is off). */
	public boolean openLengthCheck() {
		return this.openLengthCheck;
	}

	public LengthType packageLengthType() {
		return this.packageLengthType;
	}

	public int packageLengthOffset() {
		return this.packageLengthOffset;
	}

	public int packageBodyOffset() {
		return this.packageBodyOffset;
	}

	public int packageMaxLength() {
		return this.packageMaxLength;
	}

	/** Whether EOF framing is on ({@code open_eof_split} implies it). */
	public boolean openEofCheck() {
		return this.openEofCheck;
	}

	public boolean openEofSplit() {
		return this.openEofSplit;
	}

	/** A copy of the EOF marker. */
	public byte[] packageEof() {
		return this.packageEof.clone();
	}

	@Override
	public String toString() {
		return "FramingConfig[openLengthCheck=" + this.openLengthCheck + ", packageLengthType="
				+ this.packageLengthType.code() + ", packageLengthOffset=" + this.packageLengthOffset
				+ ", packageBodyOffset=" + this.packageBodyOffset + ", packageMaxLength=" + this.packageMaxLength
				+ ", openEofCheck=" + this.openEofCheck + ", openEofSplit=" + this.openEofSplit + ", packageEof="
				+ Arrays.toString(this.packageEof) + "]";
	}

	/**
	 * Mutable builder; {@link #build()} validates all settings together. Not thread-safe.
	 */
	public static final class Builder {

		private boolean openLengthCheck;

		private LengthType packageLengthType = LengthType.ofCode(DEFAULT_PACKAGE_LENGTH_TYPE);

		private char packageLengthTypeCode = DEFAULT_PACKAGE_LENGTH_TYPE;

		private int packageLengthOffset = DEFAULT_PACKAGE_LENGTH_OFFSET;

		private int packageBodyOffset = DEFAULT_PACKAGE_BODY_OFFSET;

		private int packageMaxLength = DEFAULT_PACKAGE_MAX_LENGTH;

		private boolean openEofCheck;

		private boolean openEofSplit;

		private byte[] packageEof = DEFAULT_PACKAGE_EOF.getBytes(StandardCharsets.ISO_8859_1);

		private Builder() {
		}

		public Builder openLengthCheck(boolean value) {
			this.openLengthCheck = value;
			return this;
		}

		/**
		 * Sets the length field type by pack code; an unknown code fails in
		 * {@link #build()}.
		 */
		public Builder packageLengthType(char code) {
			this.packageLengthTypeCode = code;
			return this;
		}

		public Builder packageLengthOffset(int value) {
			this.packageLengthOffset = value;
			return this;
		}

		public Builder packageBodyOffset(int value) {
			this.packageBodyOffset = value;
			return this;
		}

		public Builder packageMaxLength(int value) {
			this.packageMaxLength = value;
			return this;
		}

		public Builder openEofCheck(boolean value) {
			this.openEofCheck = value;
			return this;
		}

		/** Splits at every EOF; implies {@code openEofCheck}. */
		public Builder openEofSplit(boolean value) {
			this.openEofSplit = value;
			return this;
		}

		public Builder packageEof(byte[] value) {
			this.packageEof = Checks.checkNotNull(value, "packageEof").clone();
			return this;
		}

		/**
		 * Sets the EOF marker from a string, encoded as ISO-8859-1 (one byte per char).
		 */
		public Builder packageEof(String value) {
			return packageEof(Checks.checkNotNull(value, "packageEof").getBytes(StandardCharsets.ISO_8859_1));
		}

		/**
		 * Validates every setting and returns the immutable configuration.
		 * @throws IllegalArgumentException naming the first invalid setting
		 */
		public FramingConfig build() {
			this.packageLengthType = LengthType.ofCode(this.packageLengthTypeCode);
			Checks.checkInRange(this.packageLengthOffset, 0, MAX_PACKAGE_LENGTH_OFFSET, "packageLengthOffset");
			Checks.checkInRange(this.packageBodyOffset, 0, MAX_PACKAGE_LENGTH_OFFSET, "packageBodyOffset");
			Checks.checkPositive(this.packageMaxLength, "packageMaxLength");
			if (this.openLengthCheck
					&& this.packageLengthOffset + this.packageLengthType.size() > this.packageMaxLength) {
				throw Checks.fail("packageLengthOffset", this.packageLengthOffset,
						"length field inside packageMaxLength " + this.packageMaxLength);
			}
			if (this.packageEof.length == 0 || this.packageEof.length > MAX_PACKAGE_EOF_LENGTH) {
				throw Checks.fail("packageEof.length", this.packageEof.length,
						"in [1, " + MAX_PACKAGE_EOF_LENGTH + "]");
			}
			if ((this.openEofCheck || this.openEofSplit) && this.packageEof.length > this.packageMaxLength) {
				throw Checks.fail("packageMaxLength", this.packageMaxLength, ">= packageEof.length");
			}
			return new FramingConfig(this);
		}

	}

}
