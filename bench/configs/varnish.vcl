vcl 4.1;

# The seed's VCL, adapted for the benchmark (each change is marked "bench:"):
# - the backend is the loopback origin;
# - the API paths are the gateway's /v1 ones, and the API entries are keyed per credential
#   (the seed's shared entry would serve one user's tool list to every user);
# - TTL overrides end with return (deliver), or the built-in VCL would drop the gateway's
#   "no-store, private" answers as uncacheable and the seed's rules would never cache anything;
# - WebSocket upgrades are piped (the seed passes /ws, which cannot upgrade);
# - the bench-only /stampede/ path follows the API rule.

backend default {
  .host = "127.0.0.1";
  .port = "@ORIGIN_PORT@";
  .connect_timeout = 5s;
  .first_byte_timeout = 60s;
  .between_bytes_timeout = 60s;
}

sub vcl_recv {
  # bench: WebSocket upgrades are piped to the backend.
  if (req.http.Upgrade ~ "(?i)websocket") {
    return (pipe);
  }

  # Only cache GET and HEAD
  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }

  # Don't cache admin, SSE, WebSocket
  if (req.url ~ "^/admin" || req.url ~ "/sse$" || req.url ~ "/ws$") {
    return (pass);
  }

  # Cache static assets
  if (req.url ~ "\.(css|js|png|jpg|jpeg|gif|ico|svg|woff|woff2)$") {
    return (hash);
  }

  # Cache API read endpoints for 5 minutes (bench: /v1 paths, and /stampede/)
  if (req.url ~ "^/(v1/)?(tools|servers|gateways|resources|prompts|tags|roots|version)$" || req.url ~ "^/stampede/") {
    return (hash);
  }

  return (pass);
}

sub vcl_pipe {
  if (req.http.Upgrade) {
    set bereq.http.Upgrade = req.http.Upgrade;
    set bereq.http.Connection = req.http.Connection;
  }
}

sub vcl_hash {
  # bench: API entries are per credential.
  if (req.url ~ "^/(v1/)?(tools|servers|gateways|resources|prompts|tags|roots|version)$" || req.url ~ "^/stampede/") {
    hash_data(req.http.Authorization);
  }
}

sub vcl_backend_response {
  # Static assets: 30 days
  if (bereq.url ~ "\.(css|js|png|jpg|jpeg|gif|ico|svg|woff|woff2)$") {
    set beresp.ttl = 30d;
    return (deliver);
  }
  # API endpoints: 5 minutes
  elsif (bereq.url ~ "^/(v1/)?(tools|servers|gateways|resources|prompts|tags|roots|version)$" || bereq.url ~ "^/stampede/") {
    set beresp.ttl = 5m;
    return (deliver);
  }
}

sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
