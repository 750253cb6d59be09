package dev.heph.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict UTF-8: exactly the well-formed sequences, each ill-formed one refused where it starts. */
class Utf8Test {

  static Stream<Arguments> illFormed() {
    return Stream.of(
        Arguments.of("C0AF", "overlong encoding (lead byte 0xC0) at byte 2"),
        Arguments.of("C1BF", "overlong encoding (lead byte 0xC1) at byte 2"),
        Arguments.of("E080AF", "overlong encoding (0xE0 0x80) at byte 2"),
        Arguments.of("F08080AF", "overlong encoding (0xF0 0x80) at byte 2"),
        Arguments.of("EDA080", "a surrogate encoded in UTF-8 (CESU-8) (0xED 0xA0) at byte 2"),
        Arguments.of("EDA0BDEDB880", "a surrogate encoded in UTF-8 (CESU-8) (0xED 0xA0) at byte 2"),
        Arguments.of("F4908080", "a code point above U+10FFFF (0xF4 0x90) at byte 2"),
        Arguments.of("F5808080", "a code point above U+10FFFF (lead byte 0xF5) at byte 2"),
        Arguments.of("E282", "truncated sequence (lead byte 0xE2, then 0x22) at byte 2"),
        Arguments.of("80", "continuation byte 0x80 without a lead byte at byte 2"),
        Arguments.of("FE", "byte 0xFE, which never occurs in UTF-8 at byte 2"),
        Arguments.of("FF", "byte 0xFF, which never occurs in UTF-8 at byte 2"),
        Arguments.of("00", "a NUL byte (a JSON text never holds one; U+0000 is written \\u0000) at byte 2"));
  }

  /** Each case sits in {@code "x<bytes>"}, so that its start is byte 2. */
  private static byte[] quoted(String hex) {
    byte[] middle = HexFormat.of().parseHex(hex);
    byte[] out = new byte[middle.length + 3];
    out[0] = '"';
    out[1] = 'x';
    System.arraycopy(middle, 0, out, 2, middle.length);
    out[out.length - 1] = '"';
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illFormed")
  void decodeRefusesIllFormedBytesSayingWhatAndWhere(String hex, String message) {
    assertThatThrownBy(() -> Utf8.decode(quoted(hex))).isInstanceOf(Utf8.Malformed.class).hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("illFormed")
  void theCheckingStreamRefusesThemTooEvenReadByteByByte(String hex, String message) {
    assertThatThrownBy(() -> drain(Utf8.checking(new ByteArrayInputStream(quoted(hex))), 1))
        .isInstanceOf(Utf8.Malformed.class).hasMessage(message);
    assertThatThrownBy(() -> drain(Utf8.checking(new ByteArrayInputStream(quoted(hex))), 8192))
        .isInstanceOf(Utf8.Malformed.class).hasMessage(message);
  }

  @Test
  void aSequenceCutOffByTheEndIsRefused() {
    assertThatThrownBy(() -> Utf8.decode(HexFormat.of().parseHex("41F09F98")))
        .isInstanceOf(Utf8.Malformed.class).hasMessage("truncated sequence at the end (lead byte 0xF0) at byte 1");
    assertThatThrownBy(() -> drain(Utf8.checking(new ByteArrayInputStream(HexFormat.of().parseHex("41F09F98"))), 3))
        .isInstanceOf(Utf8.Malformed.class).hasMessage("truncated sequence at the end (lead byte 0xF0) at byte 1");
  }

  @Test
  void plainTextTakesANulByteAsUPlus0000AndRefusesWhatIsNotUtf8() throws Utf8.Malformed {
    assertThat(Utf8.decodeText(HexFormat.of().parseHex("4100C3A9"))).isEqualTo("A\u0000é");
    assertThatThrownBy(() -> Utf8.decodeText(HexFormat.of().parseHex("41C3")))
        .isInstanceOf(Utf8.Malformed.class).hasMessage("truncated sequence at the end (lead byte 0xC3) at byte 1");
    assertThatThrownBy(() -> Utf8.decodeText(HexFormat.of().parseHex("41FF")))
        .isInstanceOf(Utf8.Malformed.class).hasMessage("byte 0xFF, which never occurs in UTF-8 at byte 1");
  }

  @Test
  void theBoundariesOfEachLengthAreAccepted() throws IOException {
    String edges = new StringBuilder().appendCodePoint(0x01).appendCodePoint(0x7F).appendCodePoint(0x80)
        .appendCodePoint(0x7FF).appendCodePoint(0x800).appendCodePoint(0xD7FF).appendCodePoint(0xE000)
        .appendCodePoint(0xFFFD).appendCodePoint(0xFFFF).appendCodePoint(0x10000).appendCodePoint(0x10FFFF).toString();
    byte[] bytes = edges.getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.decode(bytes)).isEqualTo(edges);
    assertThat(drain(Utf8.checking(new ByteArrayInputStream(bytes)), 1)).isEqualTo(bytes);
  }

  /**
   * Random byte strings, many of them near-UTF-8: this decoder accepts exactly what the JDK's
   * strict decoder accepts (save the NUL byte, refused here on purpose), and decodes it alike.
   */
  @Test
  void agreesWithTheJdksStrictDecoderOnRandomBytes() throws IOException {
    Random random = new Random(20261128L);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = nearUtf8(random);
      String jdk = strictJdk(bytes);
      boolean hasNul = indexOfNul(bytes) >= 0;
      String ours;
      try {
        ours = Utf8.decode(bytes);
      } catch (Utf8.Malformed e) {
        ours = null;
        refused++;
      }
      assertThat(ours).as("bytes %s", HexFormat.of().formatHex(bytes)).isEqualTo(hasNul ? null : jdk);
      byte[] streamed;
      try {
        streamed = drain(Utf8.checking(new ByteArrayInputStream(bytes)), 1 + random.nextInt(5));
      } catch (Utf8.Malformed e) {
        streamed = null;
      }
      assertThat(streamed == null).as("stream agrees on %s", HexFormat.of().formatHex(bytes)).isEqualTo(ours == null);
    }
    assertThat(refused).as("the generator makes both kinds").isBetween(2_000, 18_000);
  }

  private static byte[] nearUtf8(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int n = random.nextInt(6); n > 0; n--) {
      int cp = switch (random.nextInt(4)) {
        case 0 -> 0x20 + random.nextInt(0x60);
        case 1 -> 0x80 + random.nextInt(0x800);
        case 2 -> 0x800 + random.nextInt(0xD000);
        default -> 0x10000 + random.nextInt(0x100000);
      };
      sb.appendCodePoint(cp);
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    for (int flips = random.nextInt(3); flips > 0 && bytes.length > 0; flips--) {
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    if (bytes.length > 0 && random.nextInt(6) == 0) {
      bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }
    return bytes;
  }

  private static String strictJdk(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int indexOfNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] drain(InputStream in, int chunk) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[chunk];
    int n;
    while ((n = in.read(buffer, 0, chunk)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
