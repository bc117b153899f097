// The clock the page follows: the YouTube player when it loads, else a clock of its own, so
// that every feature works offline (the time readout, highlighting, marking).

class OfflineClock {
  constructor(length) {
    this.length = length;
    this.at = 0;
    this.since = null; // performance.now() when playing
    this.kind = "offline";
  }
  time() {
    const t = this.since === null ? this.at : this.at + (performance.now() - this.since) / 1000;
    return Math.min(t, this.length);
  }
  playing() { return this.since !== null; }
  seek(t) {
    this.at = Math.max(0, Math.min(t, this.length));
    if (this.since !== null) this.since = performance.now();
  }
  toggle() {
    if (this.since === null) this.since = performance.now();
    else { this.at = this.time(); this.since = null; }
  }
}

class YouTubeClock {
  constructor(player) {
    this.player = player;
    this.kind = "youtube";
  }
  time() { return this.player.getCurrentTime() || 0; }
  playing() { return this.player.getPlayerState() === 1; }
  seek(t) { this.player.seekTo(Math.max(0, t), true); }
  toggle() { this.playing() ? this.player.pauseVideo() : this.player.playVideo(); }
}

// A clock that starts offline and becomes the YouTube player once it is ready.
export class Clock {
  constructor(length) {
    this.length = length;
    this.inner = new OfflineClock(length);
  }
  get kind() { return this.inner.kind; }
  time() { return this.inner.time(); }
  playing() { return this.inner.playing(); }
  seek(t) { this.inner.seek(t); }
  toggle() { this.inner.toggle(); }

  // Back to the page's own clock (the player failed), at the time it was showing.
  offline() {
    if (this.inner.kind === "offline") return;
    const t = this.time();
    this.inner = new OfflineClock(this.length);
    this.inner.seek(t);
  }

  // Load the IFrame Player API into `element`; `onFail` is called when it cannot load.
  loadYouTube(element, videoId, onFail) {
    const failed = () => { this.offline(); if (onFail) onFail(); };
    const timer = setTimeout(failed, 10000);
    window.onYouTubeIframeAPIReady = () => {
      const at = this.time();
      const player = new window.YT.Player(element, {
        videoId,
        playerVars: { playsinline: 1, rel: 0, start: Math.floor(at), origin: location.origin },
        events: {
          onReady: () => { clearTimeout(timer); this.inner = new YouTubeClock(player); },
          onError: () => { clearTimeout(timer); failed(); },
        },
      });
    };
    const script = document.createElement("script");
    script.src = "https://www.youtube.com/iframe_api";
    script.onerror = () => { clearTimeout(timer); failed(); };
    document.head.append(script);
  }
}
