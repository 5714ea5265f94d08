package io.liveguard.platform.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code liveguard ingest FILE [--url URL] [--token TOKEN]}: sends the events of a JSONL file to a
 * running platform through {@code POST /api/v1/events}, in batches, and prints what was stored. The
 * token comes from {@code --token} or {@code LIVEGUARD_TOKEN}. Replaying a file twice stores
 * nothing the second time (event ids are idempotency keys). A batch refused with 503 or 429 (the
 * platform's backpressure) is sent again after its Retry-After.
 */
public final class IngestCommand {
  private IngestCommand() {}

  public static int run(String[] args) throws IOException, InterruptedException {
    String file = null;
    String url = "http://127.0.0.1:8080";
    String token = System.getenv("LIVEGUARD_TOKEN");
    int batch = Ingest.MAX_BATCH;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--url" -> url = value(args, ++i, "--url");
        case "--token" -> token = value(args, ++i, "--token");
        case "--batch" -> batch = Integer.parseInt(value(args, ++i, "--batch"));
        default -> {
          if (args[i].startsWith("--") || file != null) {
            return usage("unknown argument \"" + args[i] + "\"");
          }
          file = args[i];
        }
      }
    }
    if (file == null) {
      return usage("no file given");
    }
    if (token == null || token.isBlank()) {
      return usage("no API token: pass --token or set LIVEGUARD_TOKEN");
    }
    if (batch < 1 || batch > Ingest.MAX_BATCH) {
      return usage("--batch must be 1.." + Ingest.MAX_BATCH);
    }
    HttpClient client = HttpClient.newHttpClient();
    long stored = 0;
    long duplicates = 0;
    int lineNo = 0;
    int firstLine = 1;
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      String line;
      while (true) {
        line = in.readLine();
        if (line != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          if (lines.isEmpty()) {
            firstLine = lineNo;
          }
          lines.add(line);
        }
        if (lines.size() == batch || (line == null && !lines.isEmpty())) {
          HttpResponse<String> r;
          while (true) {
            r =
                client.send(
                    HttpRequest.newBuilder(URI.create(url + "/api/v1/events"))
                        .header("Content-Type", "application/x-ndjson")
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                        .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 503 && r.statusCode() != 429) {
              break;
            }
            // The platform is behind (backpressure): nothing of the batch was stored; wait as
            // told and send it again.
            Thread.sleep(Math.max(1, r.headers().firstValueAsLong("Retry-After").orElse(1)) * 1000);
          }
          if (r.statusCode() != 200) {
            System.err.println(
                "liveguard ingest: batch starting at line "
                    + firstLine
                    + " refused ("
                    + r.statusCode()
                    + "): "
                    + r.body());
            System.err.println(
                "stored before the refusal: " + stored + ", duplicates: " + duplicates);
            return 1;
          }
          String body = r.body();
          stored += number(body, "\"stored\":");
          duplicates += number(body, "\"duplicates\":");
          lines.clear();
        }
        if (line == null) {
          break;
        }
      }
    }
    System.out.println("stored " + stored + ", duplicates " + duplicates);
    return 0;
  }

  private static long number(String json, String key) {
    int i = json.indexOf(key);
    if (i < 0) {
      return 0;
    }
    int j = i + key.length();
    int k = j;
    while (k < json.length() && Character.isDigit(json.charAt(k))) {
      k++;
    }
    return Long.parseLong(json.substring(j, k));
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static int usage(String problem) {
    System.err.println("liveguard ingest: " + problem);
    System.err.println(
        "用法: liveguard ingest FILE.jsonl [--url http://127.0.0.1:8080] [--token TOKEN]");
    return 2;
  }
}
