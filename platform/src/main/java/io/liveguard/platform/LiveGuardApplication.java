package io.liveguard.platform;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The LiveGuard platform: {@code liveguard serve [--port P] [--data DIR] [--demo]}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LiveGuardApplication {

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("ingest")) {
      System.exit(io.liveguard.platform.ingest.IngestCommand.run(args));
    }
    if (args.length > 0 && args[0].equals("load")) {
      System.exit(io.liveguard.platform.ingest.LoadCommand.run(args));
    }
    List<String> springArgs;
    try {
      springArgs = serveArguments(args);
    } catch (IllegalArgumentException e) {
      System.err.println("liveguard serve: " + e.getMessage());
      System.err.println("用法: liveguard serve [--port P] [--data DIR] [--demo]");
      System.exit(2);
      return;
    }
    SpringApplication.run(LiveGuardApplication.class, springArgs.toArray(String[]::new));
  }

  /**
   * Translates the {@code serve} options into Spring properties; other {@code --key=value}
   * arguments pass through unchanged.
   */
  static List<String> serveArguments(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "serve" -> {}
        case "--demo" -> out.add("--liveguard.demo=true");
        case "--port", "--data" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          String v = args[++i];
          if (a.equals("--port")) {
            try {
              int port = Integer.parseInt(v);
              if (port < 0 || port > 65535) {
                throw new NumberFormatException();
              }
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port expects 0..65535, got \"" + v + "\"");
            }
            out.add("--server.port=" + v);
          } else {
            out.add("--liveguard.data=" + v);
          }
        }
        default -> {
          if (a.startsWith("--port=")) {
            out.addAll(serveArguments(new String[] {"--port", a.substring(7)}));
          } else if (a.startsWith("--data=")) {
            out.addAll(serveArguments(new String[] {"--data", a.substring(7)}));
          } else if (a.startsWith("--") && a.contains("=")) {
            out.add(a);
          } else {
            throw new IllegalArgumentException("unknown argument \"" + a + "\"");
          }
        }
      }
    }
    return out;
  }
}
