package dev.heph.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The name a person most likely meant when they typed one heph does not know: a unique name it
 * begins ({@code conf} for {@code conflicts}), else the nearest by edit distance (a letter left
 * out, added, changed, or two swapped) if near enough to be a slip rather than another word, else
 * the one name that holds its letters in order ({@code ls} for {@code list}).
 */
final class Suggest {
  private Suggest() {}

  /** The nearest of {@code names} to {@code typed}, or empty when none is close. */
  static Optional<String> nearest(String typed, Collection<String> names) {
    String bare = typed.replaceFirst("^-+", "");
    if (bare.length() >= 2) {
      var starting = names.stream().filter(n -> n.replaceFirst("^-+", "").startsWith(bare)).toList();
      if (starting.size() == 1) {
        return Optional.of(starting.getFirst());
      }
    }
    int allowed = bare.length() <= 4 ? 1 : 2;
    Optional<String> near = names.stream()
        .filter(n -> distance(typed, n) <= allowed)
        .min(Comparator.<String>comparingInt(n -> distance(typed, n)).thenComparing(Comparator.naturalOrder()));
    if (near.isPresent() || bare.length() < 2) {
      return near;
    }
    var holding = names.stream().filter(n -> abbreviates(bare, n.replaceFirst("^-+", ""))).toList();
    return holding.size() == 1 ? Optional.of(holding.getFirst()) : Optional.empty();
  }

  /** True when {@code name} starts with {@code typed}'s first letter and holds all its letters in order. */
  private static boolean abbreviates(String typed, String name) {
    if (name.isEmpty() || typed.charAt(0) != name.charAt(0)) {
      return false;
    }
    int i = 0;
    for (int j = 0; j < name.length() && i < typed.length(); j++) {
      if (name.charAt(j) == typed.charAt(i)) {
        i++;
      }
    }
    return i == typed.length();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
