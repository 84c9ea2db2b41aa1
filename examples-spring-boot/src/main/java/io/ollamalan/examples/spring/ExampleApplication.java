package io.ollamalan.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that chats with an Ollama fleet through Spring AI's {@link ChatClient}.
 * With the sdk's starter on the class path, the fleet client, its health indicator and metrics, and
 * the {@link ChatModel} come from {@code ollama.lan.*} properties alone.
 *
 * <p>By default it starts an embedded fake fleet of two nodes (see {@link FakeFleetConfiguration});
 * run it against real nodes with {@code --example.fake-fleet=false
 * --ollama.lan.nodes=http://gpu-1.lan:11434,http://gpu-2.lan:11434}.
 */
@SpringBootApplication
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }

  @Bean
  ChatClient chatClient(ChatModel chatModel) {
    return ChatClient.builder(chatModel)
        .defaultSystem("You are a concise assistant for operators of a GPU lab.")
        .build();
  }

  /** Asks one question at startup so that the console shows an answer from the fleet. */
  @Bean
  ApplicationRunner askOnce(ChatClient chat, org.springframework.core.env.Environment env) {
    return args -> {
      boolean ask =
          Binder.get(env).bind("example.ask-on-startup", Bindable.of(Boolean.class)).orElse(true);
      if (!ask) {
        return;
      }
      String question = "In one sentence: what does a fleet of Ollama nodes give this application?";
      String answer = chat.prompt().user(question).call().content();
      System.out.println();
      System.out.println("Q: " + question);
      System.out.println("A: " + answer);
      System.out.println();
      System.out.println(
          "Try: curl -N 'http://localhost:"
              + env.getProperty("local.server.port", "8080")
              + "/chat/stream?q=hello'   and   curl http://localhost:"
              + env.getProperty("local.server.port", "8080")
              + "/actuator/health");
    };
  }
}
