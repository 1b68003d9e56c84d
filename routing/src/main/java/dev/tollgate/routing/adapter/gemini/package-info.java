/**
 * Google's Gemini API ({@code generateContent}, and {@code streamGenerateContent?alt=sse} for streams): the caller's
 * OpenAI chat request becomes Gemini contents, a system instruction, generation config and function declarations;
 * Gemini's candidates come back as OpenAI choices and chunks with normalized finish reasons and usage. The API key
 * travels in the {@code x-goog-api-key} header, never in the URL.
 */
package dev.tollgate.routing.adapter.gemini;
