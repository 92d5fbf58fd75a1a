package io.mcpedge.server.mcp;

/**
 * A request body that is not one JSON-RPC request the proxy can check, with the JSON-RPC error code
 * it is answered with (JSON-RPC 2.0 §5.1).
 */
public final class EnvelopeException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Invalid JSON (JSON-RPC 2.0 §5.1). */
  public static final int PARSE_ERROR = -32700;

  /** Valid JSON that is not a single request object (JSON-RPC 2.0 §5.1). */
  public static final int INVALID_REQUEST = -32600;

  private final int code;

  EnvelopeException(int code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** The JSON-RPC error code to answer with. */
  public int code() {
    return code;
  }
}
