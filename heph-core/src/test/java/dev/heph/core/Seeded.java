package dev.heph.core;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Test helper: checks a property on many generated cases, each made from its own seed, and names
 * the seed and the one command that replays it when a case fails.
 *
 * <p>Every run draws fresh case seeds, so successive runs keep exploring new cases. A case is a
 * pure function of its seed: its sample is generated from {@code new Random(seed)}, and the check
 * gets the same generator for its own choices. {@code -Dheph.seed=N} runs only the case with seed
 * N, e.g. {@code mvn -pl heph-core -am test -Dtest=MergeProperties#hephReplicasConverge
 * -Dheph.seed=N}.
 */
public final class Seeded {
  private Seeded() {}

  /** The system property that replays one case. */
  public static final String SEED_PROPERTY = "heph.seed";

  /** The body of a property: checks one generated sample; may draw more choices from {@code random}. */
  @FunctionalInterface
  public interface Check<T> {
    void check(T sample, Random random) throws Exception;
  }

  /**
   * Checks {@code check} on {@code cases} samples from {@code generator}, or on the one case that
   * {@code -Dheph.seed} names. {@code test} is the surefire test filter that selects the calling
   * test, {@code Class#method} (it goes into the replay command).
   */
  public static <T> void forAll(String test, int cases, Function<Random, T> generator, Check<T> check) {
    String replay = System.getProperty(SEED_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      long seed = parseSeed(replay);
      runCase(test, seed, "replayed case", generator, check);
      System.out.println(test + ": seed " + seed + " passed"); // says the one case really ran
      return;
    }
    SplittableRandom seeds = new SplittableRandom();
    for (int i = 1; i <= cases; i++) {
      runCase(test, seeds.nextLong(), "case " + i + " of " + cases, generator, check);
    }
  }

  /** {@code cases} fresh seeds (for a guard that looks at many generated samples at once). */
  public static long[] freshSeeds(int cases) {
    return new SplittableRandom().longs(cases).toArray();
  }

  /** The command that reruns exactly the case with this seed. */
  public static String replayCommand(String test, long seed) {
    return "mvn -pl heph-core -am test -Dtest=" + test + " -D" + SEED_PROPERTY + "=" + seed;
  }

  private static <T> void runCase(String test, long seed, String which, Function<Random, T> generator,
      Check<T> check) {
    Random random = new Random(seed);
    T sample = generator.apply(random);
    try {
      check.check(sample, random);
    } catch (Exception | AssertionError e) {
      throw new AssertionError(test + " failed on " + which + " (seed " + seed + "): " + e.getMessage()
          + "\nsample: " + sample
          + "\nreplay: " + replayCommand(test, seed), e);
    }
  }

  private static long parseSeed(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + SEED_PROPERTY + " must be a whole number (a seed a failure printed), got '"
          + text + "'", e);
    }
  }
}
