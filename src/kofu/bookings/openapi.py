"""The OpenAPI 3.1 description of the resident booking API (served at /api/v1/openapi.json)."""

from __future__ import annotations

from typing import Any

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "機械向けの理由（full, not_found, throttled …）"},
        "message": {"type": "string", "description": "日本語の説明"},
        "field": {"type": "string", "description": "誤りのある項目（my_number, invalid_email のとき）"},
    },
}
_BOOKING = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "number": {
            "type": "string",
            "description": "予約番号（4文字-4文字、例 K7QM-3HXP）",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
        },
        "status": {
            "type": "string",
            "enum": ["held", "booked", "checked_in", "no_show", "excused", "cancelled", "office_cancelled"],
        },
        "status_label": {"type": "string"},
        "slot": {"type": "integer"},
        "site": {"type": "string"},
        "starts_at": {"type": "string", "format": "date-time", "description": "JST（+09:00）"},
        "ends_at": {"type": "string", "format": "date-time"},
        "token": {"type": "string", "description": "変更・取消用の署名付きトークン（作成時のみ）"},
    },
}

_QUEUED = {
    "type": "object",
    "required": ["status", "message", "queue"],
    "properties": {
        "status": {"type": "string", "enum": ["queued"]},
        "message": {"type": "string"},
        "queue": {
            "type": "object",
            "properties": {
                "ticket": {
                    "type": "string",
                    "description": "整理券（署名付き、この交付通知書番号だけに有効）",
                },
                "number": {"type": "integer", "description": "受付番号（到着順）"},
                "ahead": {"type": "integer", "description": "前に待っている人数"},
                "estimated_wait_seconds": {"type": "integer"},
                "estimated_wait_ms": {"type": "integer"},
            },
        },
    },
}


_SLOT = {
    "type": "object",
    "required": ["id", "starts_at", "ends_at", "seats_left"],
    "properties": {
        "id": {"type": "integer", "description": "予約枠の番号（POST /bookings の slot）"},
        "starts_at": {"type": "string", "format": "date-time", "description": "JST（+09:00）"},
        "ends_at": {"type": "string", "format": "date-time"},
        "seats_left": {"type": "integer", "minimum": 0, "description": "Web で予約できる残りの席数"},
    },
}
_AVAILABILITY = {
    "type": "object",
    "required": ["municipality", "from", "until", "sites"],
    "properties": {
        "municipality": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
        },
        "from": {"type": "string", "format": "date"},
        "until": {"type": "string", "format": "date"},
        "sites": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "kind": {"type": "string", "enum": ["town_hall", "branch", "special"]},
                    "address": {"type": "string"},
                    "slots": {"type": "array", "items": {"$ref": "#/components/schemas/Slot"}},
                },
            },
        },
    },
}


def _query(name: str, description: str, *, fmt: str = "", required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", **({"format": fmt} if fmt else {})}
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _err(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "kofu 来庁予約 API",
        "version": "1",
        "description": "交付通知書番号と生年月日で、マイナンバーカード受取の来庁予約をします。個人番号は扱いません。",
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/bookings": {
            "post": {
                "summary": "予約する",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "maxLength": 100},
                        "description": "同じキー・同じ本文の再送には最初と同じ応答を返します。",
                    },
                    {
                        "name": "Queue-Ticket",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "順番待ち（202）で受け取った整理券。待ち時間の後、同じ本文とともに送ると順番どおりに受け付けます。",
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["notice_number", "birth_date", "slot"],
                                "properties": {
                                    "notice_number": {"type": "string", "example": "ABCDE-FGHJK"},
                                    "birth_date": {"type": "string", "format": "date"},
                                    "slot": {"type": "integer"},
                                    "email": {"type": "string", "format": "email", "maxLength": 254},
                                    "family": {
                                        "type": "array",
                                        "maxItems": 9,
                                        "description": "同じ世帯（同じ住所に届いた交付通知書）のご家族。全員分の席を一度に取るか、何も取らない。",
                                        "items": {
                                            "type": "object",
                                            "required": ["notice_number", "birth_date"],
                                            "properties": {
                                                "notice_number": {"type": "string"},
                                                "birth_date": {"type": "string", "format": "date"},
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "予約しました",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}},
                    },
                    "202": {
                        "description": "混雑のため順番待ち（KOFU_BOOKING_QUEUE_RATE を超えたとき）。"
                        "Retry-After 秒後に Queue-Ticket を付けて同じ内容を送り直してください。",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Queued"}}},
                    },
                    "400": _err(
                        "本文の誤り（JSON・必須項目）、個人番号と思われる数字（my_number）、"
                        "メールアドレスの形式（invalid_email）"
                    ),
                    "404": _err("交付通知書番号または生年月日が正しくない／予約枠がない"),
                    "409": _err("満員（full）・すでに予約あり（duplicate）"),
                    "422": _err("予約期間外・予約の対象外"),
                    "415": _err("本文が application/json ではありません（unsupported_media_type）"),
                    "429": _err("試行回数の上限を超えました"),
                    "503": _err("混み合っていて処理できませんでした（Retry-After 秒後に再送）"),
                },
            }
        },
        "/availability": {
            "get": {
                "summary": "空き状況（会場・予約枠・残りの席数）",
                "description": (
                    "市区町村の受付中の会場ごとに、期間内の予約枠と Web で予約できる残りの席数を返します。"
                    "住民の情報は含みません。Cache-Control: public, max-age=60 と ETag を付け、"
                    "If-None-Match が一致すれば 304 を返します。期間は最長 92 日です。"
                ),
                "parameters": [
                    _query("municipality", "団体コード（6桁）", required=True),
                    _query("from", "開始日（JST、既定: 予約できる最初の日）", fmt="date"),
                    _query("until", "終了日（JST、この日を含む。既定: 予約期間の最後の日）", fmt="date"),
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "前回の ETag。変わっていなければ 304",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "空き状況",
                        "headers": {
                            "ETag": {"schema": {"type": "string"}},
                            "Cache-Control": {"schema": {"type": "string"}},
                        },
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Availability"}}
                        },
                    },
                    "304": {"description": "前回から変わっていません（本文なし）"},
                    "400": _err(
                        "団体コード・日付・期間の誤り（invalid_municipality, invalid_date, invalid_period）"
                    ),
                    "404": _err("その団体コードの市区町村がない（municipality_not_found）"),
                },
            }
        },
        "/bookings/{token}": {
            "parameters": [{"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "summary": "予約を確認する",
                "responses": {
                    "200": {
                        "description": "予約",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}},
                    },
                    "404": _err("予約がない"),
                },
            },
            "delete": {
                "summary": "予約を取り消す（来庁の期限時間前まで）",
                "responses": {
                    "200": {
                        "description": "取り消しました",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Booking"}}},
                    },
                    "404": _err("予約がない"),
                    "409": _err("取消済み・受付済み"),
                    "422": _err("取消の期限を過ぎた"),
                },
            },
        },
    },
    "components": {
        "schemas": {
            "Availability": _AVAILABILITY,
            "Booking": _BOOKING,
            "Error": _ERROR,
            "Queued": _QUEUED,
            "Slot": _SLOT,
        }
    },
}
