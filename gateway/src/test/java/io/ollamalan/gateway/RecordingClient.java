package io.ollamalan.gateway;

import io.ollamalan.CallOptions;
import io.ollamalan.OllamaClient;
import io.ollamalan.ResponseStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a real client to observe what the gateway does with it: the call options it applies, how
 * many chunks it takes from streams, and whether it closes them.
 */
final class RecordingClient {
  final List<CallOptions> options = new CopyOnWriteArrayList<>();
  final List<Object> requests = new CopyOnWriteArrayList<>();
  final AtomicLong chunksPulled = new AtomicLong();
  final AtomicInteger streamsOpened = new AtomicInteger();
  final AtomicInteger streamsClosed = new AtomicInteger();

  OllamaClient wrap(OllamaClient real) {
    return (OllamaClient)
        Proxy.newProxyInstance(
            OllamaClient.class.getClassLoader(),
            new Class<?>[] {OllamaClient.class},
            handler(real));
  }

  private InvocationHandler handler(OllamaClient real) {
    return (proxy, method, args) -> {
      if (args != null
          && args.length == 1
          && method.getParameterTypes()[0].getName().startsWith("io.ollamalan.model.")) {
        requests.add(args[0]);
      }
      Object result = invoke(real, method, args);
      if (method.getName().equals("withOptions")) {
        options.add((CallOptions) args[0]);
        return wrap((OllamaClient) result);
      }
      if (result instanceof ResponseStream) {
        streamsOpened.incrementAndGet();
        return countingStream((ResponseStream<?>) result);
      }
      return result;
    };
  }

  private ResponseStream<?> countingStream(ResponseStream<?> real) {
    return (ResponseStream<?>)
        Proxy.newProxyInstance(
            ResponseStream.class.getClassLoader(),
            new Class<?>[] {ResponseStream.class},
            (proxy, method, args) -> {
              if (method.getName().equals("next")) {
                Object chunk = invoke(real, method, args);
                chunksPulled.incrementAndGet();
                return chunk;
              }
              if (method.getName().equals("close")) {
                streamsClosed.incrementAndGet();
              }
              return invoke(real, method, args);
            });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
