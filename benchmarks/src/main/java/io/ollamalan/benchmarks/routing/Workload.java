package io.ollamalan.benchmarks.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded workload: multi-turn conversations arriving as a Poisson process. Every turn re-sends
 * the whole history (system prompt, earlier user messages and replies), so prompts grow turn by
 * turn and a node that still holds the conversation in a slot's prompt cache evaluates only the new
 * part. Between turns the user thinks. The same spec and seed give the same workload.
 *
 * @param conversations in arrival order
 */
public record Workload(List<Conversation> conversations) {

  public Workload {
    conversations = List.copyOf(conversations);
  }

  /** Turns over all conversations. */
  public int turns() {
    int n = 0;
    for (Conversation c : conversations) {
      n += c.turns().size();
    }
    return n;
  }

  /**
   * One conversation: one model, one system prompt, several turns.
   *
   * @param id its index, also its affinity key's suffix
   * @param model the model name
   * @param arrivalMillis simulated time of its first turn from the start of the run
   * @param system the system prompt
   * @param turns the user's turns, in order
   */
  public record Conversation(
      int id, String model, long arrivalMillis, String system, List<Turn> turns) {
    public Conversation {
      turns = List.copyOf(turns);
    }
  }

  /**
   * One user turn.
   *
   * @param user the user's message
   * @param thinkMillis simulated time the user waits after the previous reply before sending this
   *     (0 for the first turn)
   * @param replyTokens the reply's length, sent as {@code num_predict}
   */
  public record Turn(String user, long thinkMillis, int replyTokens) {}

  /**
   * What the generator draws from.
   *
   * @param seed the random seed
   * @param durationMillis simulated time during which conversations arrive
   * @param conversationsPerMinute mean arrival rate of new conversations (Poisson)
   * @param models the models and their shares
   * @param systemPromptsPerModel distinct system prompts (applications) per model
   * @param minTurns fewest turns in a conversation
   * @param maxTurns most turns in a conversation
   * @param meanThinkMillis mean think time between turns (exponential, at least 2 s)
   * @param minUserWords shortest user message, in words (about one token each)
   * @param maxUserWords longest user message
   * @param minReplyTokens shortest reply
   * @param maxReplyTokens longest reply
   */
  public record Spec(
      long seed,
      long durationMillis,
      double conversationsPerMinute,
      List<SimModel> models,
      int systemPromptsPerModel,
      int minTurns,
      int maxTurns,
      long meanThinkMillis,
      int minUserWords,
      int maxUserWords,
      int minReplyTokens,
      int maxReplyTokens) {

    public Spec {
      models = List.copyOf(models);
      if (models.isEmpty()
          || durationMillis <= 0
          || conversationsPerMinute <= 0
          || minTurns < 1
          || maxTurns < minTurns
          || minUserWords < 1
          || maxUserWords < minUserWords
          || minReplyTokens < 1
          || maxReplyTokens < minReplyTokens
          || systemPromptsPerModel < 1) {
        throw new IllegalArgumentException("inconsistent workload spec: " + this);
      }
    }

    /** This spec with another seed. */
    public Spec withSeed(long newSeed) {
      return new Spec(
          newSeed,
          durationMillis,
          conversationsPerMinute,
          models,
          systemPromptsPerModel,
          minTurns,
          maxTurns,
          meanThinkMillis,
          minUserWords,
          maxUserWords,
          minReplyTokens,
          maxReplyTokens);
    }

    /** This spec with another arrival window. */
    public Spec withDuration(long newDurationMillis) {
      return new Spec(
          seed,
          newDurationMillis,
          conversationsPerMinute,
          models,
          systemPromptsPerModel,
          minTurns,
          maxTurns,
          meanThinkMillis,
          minUserWords,
          maxUserWords,
          minReplyTokens,
          maxReplyTokens);
    }
  }

  private static final String[] WORDS =
      ("the a of to and in is it that for on with as this be "
              + "are from by at or an not we can have which you your data model node query cache server "
              + "memory request latency token prompt answer error file code function test build deploy "
              + "network fleet client stream result value table index user system time load state type "
              + "class method return string list map set key service config design plan review update "
              + "change report metric graph chart page source target option branch merge issue bug fix")
          .split(" ");

  /** Generates the workload of {@code spec}; the same spec always gives the same workload. */
  public static Workload generate(Spec spec) {
    SplittableRandom rnd = new SplittableRandom(spec.seed());
    double totalShare = 0;
    for (SimModel m : spec.models()) {
      totalShare += m.share();
    }
    List<List<String>> systems = new ArrayList<>();
    for (SimModel m : spec.models()) {
      List<String> prompts = new ArrayList<>();
      for (int i = 0; i < spec.systemPromptsPerModel(); i++) {
        prompts.add(
            "You are assistant "
                + i
                + " for "
                + m.name()
                + ". "
                + words(rnd, 150 + rnd.nextInt(450)));
      }
      systems.add(prompts);
    }
    List<Conversation> out = new ArrayList<>();
    double meanGapMillis = 60_000.0 / spec.conversationsPerMinute();
    double t = 0;
    int id = 0;
    while (true) {
      t += -Math.log(1 - rnd.nextDouble()) * meanGapMillis;
      if (t >= spec.durationMillis()) {
        break;
      }
      double pick = rnd.nextDouble() * totalShare;
      int mi = 0;
      while (mi < spec.models().size() - 1 && pick >= spec.models().get(mi).share()) {
        pick -= spec.models().get(mi).share();
        mi++;
      }
      String system = systems.get(mi).get(rnd.nextInt(spec.systemPromptsPerModel()));
      int n = spec.minTurns() + rnd.nextInt(spec.maxTurns() - spec.minTurns() + 1);
      List<Turn> turns = new ArrayList<>(n);
      for (int k = 0; k < n; k++) {
        long think =
            k == 0
                ? 0
                : Math.max(
                    2_000, Math.round(-Math.log(1 - rnd.nextDouble()) * spec.meanThinkMillis()));
        int userWords =
            spec.minUserWords() + rnd.nextInt(spec.maxUserWords() - spec.minUserWords() + 1);
        int reply =
            spec.minReplyTokens() + rnd.nextInt(spec.maxReplyTokens() - spec.minReplyTokens() + 1);
        turns.add(
            new Turn(
                "Question "
                    + (k + 1)
                    + " of conversation "
                    + id
                    + ": "
                    + words(rnd, userWords)
                    + "?",
                think,
                reply));
      }
      out.add(new Conversation(id++, spec.models().get(mi).name(), Math.round(t), system, turns));
    }
    return new Workload(out);
  }

  private static String words(SplittableRandom rnd, int n) {
    StringBuilder sb = new StringBuilder(n * 6);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[rnd.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
