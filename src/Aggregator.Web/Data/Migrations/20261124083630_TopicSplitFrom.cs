using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TopicSplitFrom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SplitAt",
                table: "Topics",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SplitFromId",
                table: "Topics",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Topics_SplitFromId",
                table: "Topics",
                column: "SplitFromId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Topics_SplitFromId",
                table: "Topics");

            migrationBuilder.DropColumn(
                name: "SplitAt",
                table: "Topics");

            migrationBuilder.DropColumn(
                name: "SplitFromId",
                table: "Topics");
        }
    }
}
