package io.ollamalan.testkit.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A lossless, deterministic stand-in for a BPE tokenizer: a word with its leading space, a run of
 * other whitespace, or a single other character is one token. Joining the tokens gives the input.
 */
public final class Tokenizer {

  private static final int VOCAB = 128_000;

  private Tokenizer() {}

  /** Splits text into tokens whose concatenation is exactly the text. */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>(text.length() / 4 + 1);
    int n = text.length();
    int i = 0;
    while (i < n) {
      int start = i;
      char c = text.charAt(i);
      if (c == ' ' && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
        i++;
        while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
      } else if (Character.isLetterOrDigit(c)) {
        while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
      } else if (Character.isWhitespace(c)) {
        while (i < n
            && Character.isWhitespace(text.charAt(i))
            && !(text.charAt(i) == ' '
                && i + 1 < n
                && Character.isLetterOrDigit(text.charAt(i + 1)))) {
          i++;
        }
        if (i == start) {
          i++;
        }
      } else {
        i += Character.charCount(text.codePointAt(i));
      }
      out.add(text.substring(start, i));
    }
    return out;
  }

  /** Number of tokens in the text. */
  public static int count(String text) {
    return split(text).size();
  }

  /** A stable token id in {@code [0, 128000)}. */
  public static int id(String token) {
    int h = 0x811c9dc5;
    for (int i = 0; i < token.length(); i++) {
      h ^= token.charAt(i);
      h *= 0x01000193;
    }
    return Math.floorMod(h, VOCAB);
  }

  /** Token ids for the text. */
  public static int[] ids(String text) {
    List<String> tokens = split(text);
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = id(tokens.get(i));
    }
    return ids;
  }
}
