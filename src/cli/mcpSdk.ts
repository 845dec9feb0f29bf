/**
 * The parts of the MCP SDK the server uses, in one module: esbuild.js builds it as its own file
 * (dist/mcp-sdk.js), required only by `session-doctor mcp`, so other commands never load the SDK
 * and the extension bundle never contains it.
 */
export { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { z } from 'zod';
