package io.ollamalan.examples.recipes;

import io.ollamalan.OllamaClient;
import io.ollamalan.model.EmbedRequest;
import io.ollamalan.model.EmbedResponse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Batch embeddings: many inputs per request, several requests at once with {@code embedAsync}; the
 * client spreads the batches over the nodes that have the model.
 */
public final class BatchEmbeddings {
  private BatchEmbeddings() {}

  static final int TEXTS = 200;
  static final int BATCH = 32;

  /** What came back: vectors, their length, and the similarity of the first two texts. */
  public record Result(int vectors, int dimensions, double similarity) {}

  public static void main(String[] args) {
    try (RecipeFleet fleet = RecipeFleet.open()) {
      run(fleet, System.out);
    }
  }

  public static Result run(RecipeFleet fleet, PrintStream out) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < TEXTS; i++) {
      texts.add("Document " + i + ": " + (i % 2 == 0 ? "the sea is wide" : "the sea is deep"));
    }
    try (OllamaClient client = fleet.clientBuilder().build()) {
      List<CompletableFuture<EmbedResponse>> batches = new ArrayList<>();
      for (int from = 0; from < texts.size(); from += BATCH) {
        List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
        batches.add(
            client.embedAsync(EmbedRequest.builder(fleet.embedModel()).inputs(batch).build()));
      }
      List<float[]> vectors = new ArrayList<>();
      for (CompletableFuture<EmbedResponse> f : batches) {
        EmbedResponse r = f.join();
        for (int i = 0; i < r.embeddings().size(); i++) {
          vectors.add(r.embeddings().get(i));
        }
      }
      double similarity = cosine(vectors.get(0), vectors.get(1));
      out.printf(
          Locale.ROOT,
          "%d vectors of %d dimensions in %d requests; cosine(text 0, text 1) = %.3f%n",
          vectors.size(),
          vectors.get(0).length,
          batches.size(),
          similarity);
      return new Result(vectors.size(), vectors.get(0).length, similarity);
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / (Math.sqrt(na) * Math.sqrt(nb));
  }
}
