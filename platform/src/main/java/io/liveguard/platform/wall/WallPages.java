package io.liveguard.platform.wall;

import io.liveguard.detect.Detector;
import io.liveguard.platform.registry.Jurisdictions;
import io.liveguard.platform.security.Actor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The monitoring wall (监测墙): {@code GET /wall} and its live feed {@code GET /wall/stream}. */
@Controller
class WallPages {
  private final Wall wall;
  private final WallFeed feed;
  private final Jurisdictions jurisdictions;
  private final Detector detector;

  WallPages(Wall wall, WallFeed feed, Jurisdictions jurisdictions, Detector detector) {
    this.wall = wall;
    this.feed = feed;
    this.jurisdictions = jurisdictions;
    this.detector = detector;
  }

  @GetMapping("/wall")
  String wall(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String jurisdiction,
      @RequestParam(required = false) String category,
      @RequestParam(required = false) String risk,
      Model model) {
    var filter = new Wall.Filter(platform, jurisdiction, category, risk);
    // Marks before the tiles: an event stored while the page renders comes through the stream.
    long[] marks = wall.marks();
    model.addAttribute("filter", filter);
    model.addAttribute("tiles", wall.tiles(actor, filter));
    model.addAttribute("platforms", wall.platforms());
    model.addAttribute("jurisdictions", wall.jurisdictions(actor));
    List<Map<String, String>> categories = new ArrayList<>();
    detector
        .catalogue()
        .products()
        .values()
        .forEach(
            c -> {
              Map<String, String> m = new LinkedHashMap<>();
              m.put("id", c.id());
              m.put("zh", c.zh());
              m.put("en", c.en());
              categories.add(m);
            });
    model.addAttribute("categories", categories);
    model.addAttribute("afterSeq", marks[0]);
    model.addAttribute("afterFinding", marks[1]);
    model.addAttribute("maxRooms", Wall.MAX_ROOMS);
    return "wall";
  }

  @GetMapping(path = "/wall/stream", produces = "text/event-stream")
  ResponseEntity<SseEmitter> stream(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String jurisdiction,
      @RequestParam(defaultValue = "0") long after,
      @RequestParam(defaultValue = "0") long afterFinding) {
    var f = new Wall.Filter(platform, jurisdiction, null, null);
    String path = null;
    if (f.jurisdiction() != null) {
      path = jurisdictions.path(f.jurisdiction());
      if (path == null) {
        return ResponseEntity.badRequest().build();
      }
    }
    SseEmitter emitter =
        feed.subscribe(actor, f.platform(), path, Math.max(0, after), Math.max(0, afterFinding));
    if (emitter == null) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
    }
    return ResponseEntity.ok().header("X-Accel-Buffering", "no").body(emitter);
  }
}
