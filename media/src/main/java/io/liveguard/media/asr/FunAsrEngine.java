package io.liveguard.media.asr;

import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the FunASR runtime websocket server (the standard self-hosted Mandarin engine, {@code
 * funasr-runtime-sdk-online}), speaking its 2pass protocol: a JSON start message, 60 ms binary PCM
 * chunks, {@code {"is_speaking": false}}, then the server's {@code 2pass-online} partials and the
 * {@code 2pass-offline} final text with per-character timestamps.
 *
 * <p>One websocket per utterance, so calls are independent and thread-safe. FunASR reports no
 * confidence: segments carry {@code NaN} (unknown), which events omit.
 */
public final class FunAsrEngine implements AsrEngine {

  /*
   * Protocol reference: FunASR runtime/python/websocket/funasr_wss_client.py and
   * runtime/docs/websocket_protocol.md. chunk_size [5, 10, 5] with chunk_interval 10 gives
   * 60 * 10 / 10 = 60 ms of audio per binary message (1,920 bytes at 16 kHz, 16-bit).
   */

  private static final int CHUNK_BYTES = 1920;

  private final URI server;
  private final Duration timeout;
  private final HttpClient http;

  /** A client of the server at {@code server} ({@code ws://host:10095}). */
  public FunAsrEngine(URI server, Duration timeout) {
    this.server = Objects.requireNonNull(server, "server");
    if (!"ws".equals(server.getScheme()) && !"wss".equals(server.getScheme())) {
      throw new IllegalArgumentException("FunASR 服务地址须为 ws:// 或 wss://: " + server);
    }
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public String name() {
    return "funasr";
  }

  @Override
  public List<TranscriptSegment> transcribe(short[] pcm, long startMillis) throws IOException {
    CompletableFuture<String> finalText = new CompletableFuture<>();
    StringBuilder partial = new StringBuilder();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder buf = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
              String msg = buf.toString();
              buf.setLength(0);
              if (msg.contains("\"2pass-offline\"") || msg.contains("\"offline\"")) {
                finalText.complete(msg);
              } else {
                partial.append(msg);
              }
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            finalText.completeExceptionally(
                new IOException("FunASR 服务关闭连接: " + code + " " + reason));
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            finalText.completeExceptionally(error);
          }
        };
    WebSocket ws;
    try {
      ws =
          http.newWebSocketBuilder()
              .connectTimeout(timeout)
              .buildAsync(server, listener)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("无法连接 FunASR 服务 " + server + ": " + cause(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try {
      String start =
          "{\"mode\":\"2pass\",\"chunk_size\":[5,10,5],\"chunk_interval\":10,"
              + "\"encoder_chunk_look_back\":4,\"decoder_chunk_look_back\":0,"
              + "\"wav_name\":\"liveguard\",\"wav_format\":\"pcm\",\"audio_fs\":16000,"
              + "\"is_speaking\":true,\"hotwords\":\"\",\"itn\":true}";
      ws.sendText(start, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      ByteBuffer all = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
      all.asShortBuffer().put(pcm);
      byte[] bytes = all.array();
      for (int off = 0; off < bytes.length; off += CHUNK_BYTES) {
        int n = Math.min(CHUNK_BYTES, bytes.length - off);
        ws.sendBinary(ByteBuffer.wrap(bytes, off, n), true)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      ws.sendText("{\"is_speaking\":false}", true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String msg = finalText.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return parseOffline(msg, startMillis, pcm.length * 1000L / 16000);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("FunASR 识别失败: " + cause(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  private static String cause(Exception e) {
    Throwable c = e.getCause() == null ? e : e.getCause();
    return c instanceof TimeoutException ? "超时" : String.valueOf(c.getMessage());
  }

  /** Parses a {@code 2pass-offline} message: text and {@code timestamp} {@code [[ms, ms], …]}. */
  static List<TranscriptSegment> parseOffline(String msg, long startMillis, long audioMillis)
      throws IOException {
    Object o;
    try {
      o = Json.parse(msg);
    } catch (JsonException e) {
      throw new IOException("FunASR 返回了无法解析的消息: " + e.getMessage(), e);
    }
    if (!(o instanceof Map<?, ?> m) || !(m.get("text") instanceof String text) || text.isBlank()) {
      return List.of();
    }
    long first = 0;
    long last = audioMillis;
    if (m.get("timestamp") instanceof String ts && !ts.isBlank()) {
      try {
        if (Json.parse(ts) instanceof List<?> pairs && !pairs.isEmpty()) {
          first = asLong(((List<?>) pairs.get(0)).get(0));
          last = asLong(((List<?>) pairs.get(pairs.size() - 1)).get(1));
        }
      } catch (JsonException | ClassCastException | IndexOutOfBoundsException e) {
        // timestamps are optional; keep the utterance bounds
      }
    }
    first = Math.max(0, Math.min(first, audioMillis));
    last = Math.max(first, Math.min(last, audioMillis));
    List<TranscriptSegment> out = new ArrayList<>();
    out.add(
        new TranscriptSegment(
            text.strip(), startMillis + first, startMillis + last, Double.NaN, "funasr"));
    return out;
  }

  private static long asLong(Object o) {
    if (o instanceof Long l) {
      return l;
    }
    if (o instanceof BigDecimal b) {
      return b.longValue();
    }
    throw new ClassCastException("not a number: " + o);
  }

  @Override
  public void close() {
    // connections are per utterance
  }
}
