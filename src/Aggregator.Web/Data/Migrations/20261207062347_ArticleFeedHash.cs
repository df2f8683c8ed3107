using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArticleFeedHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FeedHash",
                table: "Articles",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FeedHash",
                table: "Articles");
        }
    }
}
