package io.ollamalan.examples.spring;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Chat endpoints: the whole answer, or the answer streamed as server-sent events. */
@RestController
public class ChatController {

  private final ChatClient chat;

  public ChatController(ChatClient chat) {
    this.chat = chat;
  }

  @GetMapping("/chat")
  String chat(@RequestParam("q") String question) {
    return chat.prompt().user(question).call().content();
  }

  @GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  Flux<String> stream(@RequestParam("q") String question) {
    return chat.prompt().user(question).stream().content();
  }
}
