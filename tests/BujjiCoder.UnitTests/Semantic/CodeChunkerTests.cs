using System.Text;
using BujjiCoder.Workspaces.Semantic;

namespace BujjiCoder.UnitTests.Semantic;

public sealed class CodeChunkerTests
{
    private const string PaymentService = """
        using System.Net.Http.Json;
        using Shop.Orders;

        namespace Shop.Payments;

        /// <summary>Talks to the card processor for the checkout.</summary>
        public sealed class PaymentService(HttpClient http, ILogger<PaymentService> logger)
        {
            /// <summary>
            /// Charges the customer's card for the order's total, once: a retried call with the same order
            /// finds the earlier charge by its idempotency key and returns it.
            /// </summary>
            [Obsolete("Use CaptureAsync")]
            public async Task<PaymentResult> CapturePaymentAsync(Order order, CancellationToken cancellationToken)
            {
                var request = new CaptureRequest(order.Id, order.Total, order.Card.Token);
                using var response = await http.PostAsJsonAsync("captures", request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    logger.LogWarning("Capture of order {OrderId} failed with {Status}", order.Id, response.StatusCode);
                    return PaymentResult.Declined(order.Id);
                }

                var capture = await response.Content.ReadFromJsonAsync<Capture>(cancellationToken);
                return PaymentResult.Captured(order.Id, capture!.Reference);
            }

            /// <summary>Gives the money back, all of it or part.</summary>
            public async Task<PaymentResult> RefundAsync(Order order, decimal amount, CancellationToken cancellationToken)
            {
                if (amount <= 0 || amount > order.Total)
                {
                    throw new ArgumentOutOfRangeException(nameof(amount), amount, "A refund is more than nothing and at most the total.");
                }

                using var response = await http.PostAsJsonAsync($"captures/{order.Id}/refunds", new { amount }, cancellationToken);
                response.EnsureSuccessStatusCode();
                return PaymentResult.Refunded(order.Id, amount);
            }
        }
        """;

    private const string HttpAdapter = """
        'use strict';

        const http = require('http');
        const https = require('https');
        const { buildFullPath } = require('../core/buildFullPath');

        /**
         * Follows a redirect the server answered with, keeping the method for 307 and 308.
         */
        function dispatchBeforeRedirect(options, responseDetails) {
          if (options.beforeRedirects.proxy) {
            options.beforeRedirects.proxy(options);
          }
          if (options.beforeRedirects.config) {
            options.beforeRedirects.config(options, responseDetails);
          }
        }

        /**
         * Sends the request through Node's http or https module and resolves with the response.
         */
        function httpAdapter(config) {
          return new Promise(function dispatchHttpRequest(resolve, reject) {
            const fullPath = buildFullPath(config.baseURL, config.url);
            const transport = fullPath.startsWith('https:') ? https : http;
            const req = transport.request(fullPath, { method: config.method.toUpperCase(), headers: config.headers }, (res) => {
              const chunks = [];
              res.on('data', (chunk) => chunks.push(chunk));
              res.on('end', () => resolve({ data: Buffer.concat(chunks), status: res.statusCode, headers: res.headers }));
            });
            req.on('error', reject);
            req.end(config.data);
          });
        }

        module.exports = httpAdapter;
        """;

    private const string Routes = """
        import json
        from flask import Flask, request

        app = Flask(__name__)


        # Lists the open orders of the signed-in customer.
        @app.route("/orders")
        def list_orders():
            customer = request.args["customer"]
            return json.dumps([o.to_dict() for o in Order.open_for(customer)])


        @app.route("/orders/<order_id>/cancel", methods=["POST"])
        def cancel_order(order_id):
            order = Order.get(order_id)
            order.cancel(reason=request.json.get("reason"))
            return "", 204
        """;

    [Fact]
    public void A_csharp_file_is_split_at_its_definitions_and_each_keeps_its_doc_comment_and_attributes()
    {
        var chunks = CodeChunker.Split("src/Shop/Payments/PaymentService.cs", "csharp", PaymentService);

        var capture = Assert.Single(chunks, c => c.Symbol == "CapturePaymentAsync");
        Assert.Equal("method", capture.Kind);
        Assert.Equal(9, capture.StartLine);
        Assert.StartsWith("src/Shop/Payments/PaymentService.cs\n    /// <summary>\n    /// Charges the customer's card", capture.Text, StringComparison.Ordinal);
        Assert.Contains("[Obsolete(\"Use CaptureAsync\")]", capture.Text, StringComparison.Ordinal);
        Assert.Equal(26, capture.EndLine);

        var refund = Assert.Single(chunks, c => c.Symbol == "RefundAsync");
        Assert.Equal((28, 40), (refund.StartLine, refund.EndLine));
        Assert.Contains("/// <summary>Gives the money back", refund.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lines_before_the_first_definition_are_a_chunk_of_their_own_with_no_symbol()
    {
        var chunks = CodeChunker.Split("src/Shop/Payments/PaymentService.cs", "csharp", PaymentService);

        Assert.Equal((1, 2, null), (chunks[0].StartLine, chunks[0].EndLine, chunks[0].Symbol));
        Assert.Equal("src/Shop/Payments/PaymentService.cs\nusing System.Net.Http.Json;\nusing Shop.Orders;", chunks[0].Text);
        // The class's declaration (its doc comment, its opening lines) is tiny: it joins the namespace line before it.
        Assert.Equal(("Shop.Payments", "namespace", 4), (chunks[1].Symbol, chunks[1].Kind, chunks[1].StartLine));
        Assert.True(chunks[1].EndLine < 9);
        Assert.Equal(["Shop.Payments", "CapturePaymentAsync", "RefundAsync"], chunks.Skip(1).Select(c => c.Symbol));
    }

    [Fact]
    public void A_javascript_module_is_split_at_its_functions_with_their_jsdoc()
    {
        var chunks = CodeChunker.Split("lib/adapters/http.js", "javascript", HttpAdapter);

        Assert.Equal([null, "dispatchBeforeRedirect", "httpAdapter"], chunks.Select(c => c.Symbol));
        Assert.Equal((7, 17), (chunks[1].StartLine, chunks[1].EndLine));
        Assert.Equal("function", chunks[2].Kind);
        Assert.StartsWith("lib/adapters/http.js\n/**\n * Sends the request through Node's http", chunks[2].Text, StringComparison.Ordinal);
        Assert.EndsWith("module.exports = httpAdapter;", chunks[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_python_function_keeps_its_comment_and_decorator()
    {
        var chunks = CodeChunker.Split("shop/routes.py", "python", Routes);

        var list = Assert.Single(chunks, c => c.Symbol == "list_orders");
        Assert.Equal((7, 11), (list.StartLine, list.EndLine));
        Assert.StartsWith("shop/routes.py\n# Lists the open orders of the signed-in customer.\n@app.route(\"/orders\")\ndef list_orders():", list.Text, StringComparison.Ordinal);
        var cancel = Assert.Single(chunks, c => c.Symbol == "cancel_order");
        Assert.Equal((14, 18), (cancel.StartLine, cancel.EndLine));
    }

    [Fact]
    public void Tiny_neighbouring_definitions_join_up_to_the_cap_under_the_first_ones_name()
    {
        var source = new StringBuilder("public sealed class Settings\n{\n");
        for (var i = 0; i < 40; i++)
        {
            source.Append("    public string Option").Append(i).Append(" { get; set; } = \"default value number ").Append(i).Append("\";\n");
        }

        source.Append("}\n");

        var chunks = CodeChunker.Split("Settings.cs", "csharp", source.ToString());

        Assert.InRange(chunks.Count, 2, 5);
        Assert.Equal("Settings", chunks[0].Symbol);
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("Option", c.Symbol, StringComparison.Ordinal));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, "Settings.cs\n".Length + CodeChunker.MaxCharacters));
        Assert.Equal(Enumerable.Range(1, 43), chunks.SelectMany(c => Enumerable.Range(c.StartLine, c.EndLine - c.StartLine + 1)));
    }

    [Fact]
    public void A_long_definition_is_split_into_windows_and_only_the_first_carries_its_name()
    {
        var source = new StringBuilder("def migrate(db):\n");
        for (var i = 0; i < 300; i++)
        {
            source.Append("    db.execute(\"update accounts set balance = balance + ").Append(i).Append(" where id = ").Append(i).Append("\")\n");
        }

        var chunks = CodeChunker.Split("migrations/0042.py", "python", source.ToString());

        Assert.True(chunks.Count >= 300 * 60 / CodeChunker.MaxCharacters, $"{chunks.Count} chunks");
        Assert.Equal(("migrate", "function", 1), (chunks[0].Symbol, chunks[0].Kind, chunks[0].StartLine));
        Assert.All(chunks.Skip(1), c => Assert.Null(c.Symbol));
        Assert.All(chunks, c => Assert.InRange(c.EndLine - c.StartLine + 1, 1, CodeChunker.MaxLines));
        Assert.All(chunks, c => Assert.InRange(c.Text.Length - "migrations/0042.py\n".Length, 1, CodeChunker.MaxCharacters));
        Assert.Equal(Enumerable.Range(1, 301), chunks.SelectMany(c => Enumerable.Range(c.StartLine, c.EndLine - c.StartLine + 1)));
    }

    [Fact]
    public void Markdown_has_no_definitions_and_is_cut_into_windows_that_end_at_blank_lines()
    {
        var source = new StringBuilder("# Operations runbook\n\n");
        for (var section = 0; section < 12; section++)
        {
            source.Append("## Step ").Append(section).Append("\n\n");
            source.Append("Check that the database answers, then restart the worker replicas one at a time and watch the queue drain.\n");
            source.Append("If the queue grows instead, page the on-call engineer.\n\n");
        }

        var text = source.ToString();
        var lines = text.Split('\n');

        var chunks = CodeChunker.Split("docs/RUNBOOK.md", "markdown", text);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.Null(c.Symbol));
        Assert.All(chunks.SkipLast(1), c => Assert.True(string.IsNullOrWhiteSpace(lines[c.EndLine]), $"line {c.EndLine + 1} after a window is blank"));
        Assert.All(chunks, c => Assert.False(string.IsNullOrWhiteSpace(lines[c.StartLine - 1])));
        Assert.StartsWith("docs/RUNBOOK.md\n# Operations runbook\n", chunks[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minified_line_is_cut_to_the_line_length_cap()
    {
        var minified = string.Concat(Enumerable.Repeat("function a(b){return b.map(function(c){return c*2})};", 4_000));

        var chunk = Assert.Single(CodeChunker.Split("dist/app.min.js", "javascript", minified));

        Assert.Equal((1, 1), (chunk.StartLine, chunk.EndLine));
        Assert.Equal("dist/app.min.js\n".Length + CodeChunker.MaxLineLength, chunk.Text.Length);
    }

    [Fact]
    public void A_huge_generated_file_gives_no_more_than_the_chunk_cap()
    {
        var source = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            source.Append("export const MESSAGE_").Append(i).Append(" = 'generated message number ").Append(i).Append("';\n");
        }

        var chunks = CodeChunker.Split("src/generated/messages.ts", "typescript", source.ToString());

        Assert.Equal(CodeChunker.MaxChunksPerBlob, chunks.Count);
        Assert.Equal(1, chunks[0].StartLine);
        Assert.True(chunks.Zip(chunks.Skip(1)).All(pair => pair.First.EndLine < pair.Second.StartLine));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n   \n\t\n")]
    [InlineData("}\n  }\n});\n")]
    public void Text_with_nothing_to_embed_gives_no_chunks(string text) =>
        Assert.Empty(CodeChunker.Split("blank.js", "javascript", text));

    [Fact]
    public void A_file_of_an_unknown_language_is_cut_into_windows_too()
    {
        var source = string.Join('\n', Enumerable.Range(1, 120).Select(i => $"key{i} = value{i}"));

        var chunks = CodeChunker.Split("config/app.ini", null, source);

        Assert.Equal([(1, 50), (51, 100), (101, 120)], chunks.Select(c => (c.StartLine, c.EndLine)));
        Assert.Equal("config/app.ini\nkey101 = value101", chunks[2].Text[.."config/app.ini\nkey101 = value101".Length]);
    }
}
