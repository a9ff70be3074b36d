namespace Sportall.Packager.Recording;

/// <summary>
/// The OpenAPI document of the media server's JSON API, written by hand: the API is small and its shape is a
/// contract with the portal and third-party players, so it changes only on purpose (a test checks that it
/// describes what the endpoint returns).
/// </summary>
public static class MediaApiOpenApiDocument
{
    public const string Json = """
    {
      "openapi": "3.1.0",
      "info": { "title": "Sportall Media server API", "version": "1.0.0" },
      "paths": {
        "/api/replays": {
          "get": {
            "operationId": "listReplays",
            "summary": "The replays of a live, newest first.",
            "description": "Every live is recorded into the object store; when it ends (after the reconnect grace period) it becomes a replay served at /vod/{assetId}/index.m3u8 (HLS) and /vod/{assetId}/index.mpd (DASH).",
            "parameters": [
              { "name": "name", "in": "query", "required": true, "description": "The live's playback name (/live/{name}/…).", "schema": { "type": "string" } }
            ],
            "responses": {
              "200": {
                "description": "The replays, newest start first (empty when the name has none).",
                "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Replay" } } } }
              },
              "400": { "description": "The name parameter is missing.", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Replay": {
            "type": "object",
            "required": ["assetId", "name", "start", "durationSeconds", "hlsUrl", "dashUrl"],
            "properties": {
              "assetId": { "type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$" },
              "name": { "type": "string", "description": "Playback name of the live." },
              "start": { "type": "string", "format": "date-time", "description": "Wall clock of the first recorded sample." },
              "durationSeconds": { "type": "number" },
              "hlsUrl": { "type": "string", "description": "Path of the HLS multivariant playlist on this server.", "example": "/vod/20261127T080000Z-0a1b2c3d4e/index.m3u8" },
              "dashUrl": { "type": "string", "description": "Path of the static DASH MPD on this server.", "example": "/vod/20261127T080000Z-0a1b2c3d4e/index.mpd" },
              "posterUrl": { "type": "string", "description": "Path of the poster frame (JPEG); absent when none was made.", "example": "/vod/20261127T080000Z-0a1b2c3d4e/poster.jpg" }
            }
          }
        }
      }
    }
    """;
}
