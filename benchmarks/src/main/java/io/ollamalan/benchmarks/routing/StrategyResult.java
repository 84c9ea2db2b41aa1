package io.ollamalan.benchmarks.routing;

/**
 * What one strategy achieved on the workload. Times are simulated milliseconds.
 *
 * @param strategy the balancer's name
 * @param completedTurns turns answered within the arrival window
 * @param turnsPerMinute {@code completedTurns} per simulated minute of the window
 * @param tokensPerSecond reply tokens of those turns per simulated second
 * @param ttftP50 median time to first token, from the turn's intended send time
 * @param ttftP99 99th percentile of the same
 * @param e2eP50 median end-to-end time of a turn, from its intended send time to the last token
 * @param e2eP99 99th percentile of the same
 * @param coldLoads model loads the nodes performed
 * @param cacheHitRate prompt tokens served from a slot's cache over all prompt tokens
 * @param busy503 attempts answered 503 "server busy"
 * @param failed turns that failed
 * @param unfinished turns still running when the drain ended (recorded as lower bounds)
 */
public record StrategyResult(
    String strategy,
    long completedTurns,
    double turnsPerMinute,
    double tokensPerSecond,
    long ttftP50,
    long ttftP99,
    long e2eP50,
    long e2eP99,
    long coldLoads,
    double cacheHitRate,
    long busy503,
    long failed,
    long unfinished) {}
